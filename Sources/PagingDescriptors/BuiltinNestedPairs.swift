import PagingCore

/// The host a guest runs on when `paging nested` is given only the guest:
/// the second stage its hardware pairs it with (x86's EPT under x86 guests,
/// RISC-V's G-stage widened by two bits under each Sv mode, AArch64's
/// stage 2 with the 4 KiB granule under the 4 KiB stage-1 modes).
public enum BuiltinNestedPairs {
  /// Guest name → host name.
  public static let hosts: [String: String] = [
    "x86-32": "x86-64-ept4",
    "x86-32-pse": "x86-64-ept4",
    "x86-32-pae": "x86-64-ept4",
    "x86-64": "x86-64-ept4",
    "x86-64-la57": "x86-64-ept5",
    "riscv-sv39": "riscv-sv39x4",
    "riscv-sv48": "riscv-sv48x4",
    "riscv-sv57": "riscv-sv57x4",
    "arm64-4k-39": "arm64-s2-4k-40",
    "arm64-4k-48": "arm64-s2-4k-48",
  ]

  /// The built-in host paired with `guest`, or nil when it has none or
  /// its host is not built in.
  public static func host(for guest: Architecture) -> Architecture? {
    hosts[guest.name].flatMap { BuiltinArchitectures.named($0) }
  }
}
