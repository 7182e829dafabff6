import ArgumentParser
import PagingCore

/// `--host ARCH --host-root PA`: the second stage for `translate --memory`.
struct NestedImageOptions: ParsableArguments {
  @Option(
    help:
      "Walk through two stages: HOST's tables (from --host-root) translate every guest-physical address the guest's walk meets. --memory is then host-physical memory and --root the guest's root as a guest-physical address."
  )
  var host: String?

  @Option(
    parsing: .unconditional, help: "With --host: the host-physical address of the host's root table.",
    transform: parseQuantity)
  var hostRoot: UInt128?

  func validate() throws {
    if (host == nil) != (hostRoot == nil) { throw ValidationError("--host and --host-root go together.") }
  }

  var isUsed: Bool { host != nil }

  /// The host's root, checked against `host`'s physical address space and
  /// its root table's alignment.
  func hostRootAddress(_ host: Architecture) throws -> PhysicalAddress {
    guard let hostRoot else { throw CommandFailure(option: "--host-root", "required with --host") }
    guard hostRoot < UInt128(1) << host.physicalAddressBits, let address = UInt64(exactly: hostRoot) else {
      throw CommandFailure(
        option: "--host-root",
        "\(formatHex(hostRoot)) is beyond \(host.name)'s \(host.physicalAddressBits)-bit physical address space")
    }
    if let problem = host.rootAlignmentProblem(hostRoot) { throw CommandFailure(option: "--host-root", problem) }
    return PhysicalAddress(address)
  }
}
