import PagingCore

/// `paging translate GUEST ADDR --memory IMAGE --host HOST` as text.
extension NestedImageWalk {
  /// Every memory reference of the two-stage walk of `address`, in order
  /// (its stage, level, what it is for, the guest-physical address
  /// involved and the entry), then the guest- and host-physical addresses
  /// and the byte there, or the fault, with the count of references.
  public func text(
    address: UInt128, guest: Architecture, guestRoot: PhysicalAddress, host: Architecture, hostRoot: PhysicalAddress
  ) -> String {
    var lines: [String] = []
    lines.append(
      "\(guest.name) guest on \(host.name) host: walking \(formatHex(address)) from the guest root at gpa \(formatHex(guestRoot)) and the host root at pa \(formatHex(hostRoot))"
    )
    var table = TextTable(header: [
      "#", "stage", "level", "for", "gpa", "entry address", "entry", "flags", "meaning", "allows",
    ])
    for (number, reference) in references.enumerated() {
      let step = reference.step
      let arch = reference.stage == .guest ? guest : host
      table.append([
        "\(number + 1)", reference.stage.rawValue, step.levelName, reference.reference.purpose(guest: guest),
        formatHex(reference.guestPhysicalAddress), formatHex(step.entryAddress), formatHex(step.entry),
        step.flags.isEmpty ? "-" : step.flags.joined(separator: " "), step.meaning(in: arch), step.allowed.description,
      ])
    }
    lines.append(table.rendered(indent: 2))
    let count = counted(references.count, "memory reference")
    if let physical = hostPhysicalAddress {
      let byte = value.map { "0x" + String($0, radix: 16) } ?? "unknown (not in the image)"
      lines.append(
        "  -> guest-physical \(guestPhysicalAddress.map(formatHex) ?? "?"), host-physical \(formatHex(physical)) (guest allows \(guestPermissions?.description ?? ""), host allows \(hostPermissions?.description ?? "")), byte there: \(byte); \(count)"
      )
    } else {
      let stage = faultStage.map { " in the \($0.rawValue) stage" } ?? ""
      lines.append("  -> fault\(stage)\(faultLevel.map { " at \($0)" } ?? ""): \(faultReason ?? ""); \(count)")
    }
    return lines.joined(separator: "\n")
  }
}
