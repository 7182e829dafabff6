import PagingCore

/// How much host memory a simulation may plan to use: the smallest of half
/// the machine's memory, what the process's address-space limit
/// (`RLIMIT_AS`) leaves, and three quarters of its cgroup's memory limit,
/// each read when asked.
///
///     let budget = HostMemoryBudget.current()
///     print(budget.bytes, budget.reason)   // 12 GiB, "half of this machine's 24 GiB"
public struct HostMemoryBudget: Sendable, Equatable {
  /// The budget in bytes.
  public let bytes: UInt128
  /// Where the figure came from, for messages.
  public let reason: String

  /// A budget of `bytes`, with where it came from.
  public init(bytes: UInt128, reason: String) {
    self.bytes = bytes
    self.reason = reason
  }

  /// The budget on this machine, for this process, now.
  public static func current() -> HostMemoryBudget {
    var candidates: [HostMemoryBudget] = []
    if let total = memoryTotal() {
      candidates.append(.init(bytes: total / 2, reason: "half of this machine's \(formatBytesRoughly(total))"))
    }
    if let limit = system_addressSpaceLimit() {
      // The runtime and the binary take some address space of their own.
      let usable = UInt128(limit) > reservedAddressSpace ? UInt128(limit) - reservedAddressSpace : 0
      candidates.append(
        .init(
          bytes: usable,
          reason:
            "the address-space limit (ulimit -v) of \(formatBytesRoughly(UInt128(limit))) less \(formatBytes(reservedAddressSpace)) for the program"
        ))
    }
    if let limit = cgroupMemoryLimit() {
      candidates.append(
        .init(
          bytes: limit / 4 * 3, reason: "three quarters of the cgroup's memory limit of \(formatBytesRoughly(limit))"))
    }
    return candidates.min { $0.bytes < $1.bytes }
      ?? .init(bytes: 1 << 30, reason: "1 GiB, as this machine's memory could not be read")
  }

  private static let reservedAddressSpace: UInt128 = 512 << 20

  /// `MemTotal` from `/proc/meminfo`.
  static func memoryTotal() -> UInt128? {
    guard let text = try? readTextFile("/proc/meminfo", limit: 1 << 20) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("MemTotal:") {
      let fields = line.split(separator: " ")
      guard fields.count >= 2, let kibibytes = UInt128(fields[1]) else { return nil }
      return kibibytes * 1024
    }
    return nil
  }

  /// `memory.max` of this process's cgroup (version 2), when one is set.
  static func cgroupMemoryLimit() -> UInt128? {
    guard let membership = try? readTextFile("/proc/self/cgroup", limit: 1 << 20) else { return nil }
    for line in membership.split(separator: "\n") where line.hasPrefix("0::") {
      let path = "/sys/fs/cgroup" + line.dropFirst(3) + "/memory.max"
      guard let text = try? readTextFile(String(path), limit: 4096) else { return nil }
      return UInt128(text.trimmingPrefix(" ").split(separator: "\n").first ?? "")
    }
    return nil
  }
}
