import PagingCore

/// `paging translate ARCH ADDR --memory IMAGE --root PA` as text.
extension Walk {
  /// The walk of `address` from the root at `rootAddress`: the indexes,
  /// a row per entry read (its address, value, flags, meaning and what it
  /// allows), then the physical address and the byte there, or the fault.
  public func text(address: UInt128, architecture arch: Architecture, rootAddress root: PhysicalAddress) -> String {
    var lines: [String] = []
    let tree = arch.selectedRoot(of: address).map { " (the address selects \($0.name))" } ?? ""
    lines.append("\(arch.name): walking \(formatHex(address)) from the root at pa \(formatHex(root))\(tree)")
    let translation = arch.translation(of: address)
    lines.append(
      "  indexes " + zip(arch.levels, translation.indexes).map { "\($0.name) \($1)" }.joined(separator: ", ")
        + ", offset \(formatHex(translation.offset))")
    var table = TextTable(header: ["level", "index", "entry address", "entry", "flags", "meaning", "allows"])
    for step in steps {
      table.append([
        step.levelName, "\(step.index)", formatHex(step.entryAddress), formatHex(step.entry),
        step.flags.isEmpty ? "-" : step.flags.joined(separator: " "), step.meaning(in: arch),
        step.allowed.description,
      ])
    }
    lines.append(table.rendered(indent: 2))
    if let physical = physicalAddress {
      let byte = value.map { "0x" + String($0, radix: 16) } ?? "unknown (not in the image)"
      lines.append(
        "  -> physical address \(formatHex(physical)) (\(permissions?.description ?? "")), byte there: \(byte)"
      )
    } else {
      lines.append("  -> fault\(faultLevel.map { " at \($0)" } ?? ""): \(faultReason ?? "")")
    }
    return lines.joined(separator: "\n")
  }
}
