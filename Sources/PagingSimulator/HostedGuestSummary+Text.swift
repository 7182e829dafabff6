import PagingCore

/// `simulate --host` as text.
extension HostedGuestSummary {
  /// Both sides' page-table pages together, the roots, an example walk's
  /// references, and whether the walks checked agree.
  public var text: String {
    let summary = self
    var lines: [String] = []
    lines.append(
      "  Nested: \(summary.guestPageTablePages) guest + \(summary.hostPageTablePages) host = \(counted(summary.guestPageTablePages + summary.hostPageTablePages, "page-table page"))"
    )
    let roots = summary.guestRoots.map { "\($0.name) at gpa \(formatHex($0.guestPhysicalAddress))" }.joined(
      separator: ", ")
    lines.append("    guest roots (guest-physical): " + (roots.isEmpty ? "none (every process has exited)" : roots))
    lines.append("    host root: vm at pa \(formatHex(summary.hostRoot))")
    if let example = summary.example {
      lines.append(
        "    a TLB miss at \(formatHex(example.pointer)) walks \(counted(example.references, "memory reference")) through both stages"
      )
    }
    if let disagreement = summary.disagreement {
      lines.append(
        "    walks DISAGREE at \(formatHex(disagreement)): one two-stage walk and the two stages walked one after the other give different addresses"
      )
    } else if summary.walksChecked > 0 {
      lines.append(
        "    \(counted(summary.walksChecked, "address", "addresses")) walked through both stages at once agree with the two stages walked one after the other"
      )
    }
    return lines.joined(separator: "\n")
  }
}
