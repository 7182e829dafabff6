import PagingCore

extension ComparisonReport {
  /// Names of the architectures with the smallest (or, with `largest`,
  /// the largest) contiguous base-page tables for `mapped` bytes, and the bytes.
  public func extremeTables(mapped: UInt128, largest: Bool = false) -> (names: [String], bytes: UInt128)? {
    let found = architectures.compactMap { arch in
      measurement(arch.name, layout: "contiguous", option: "base pages", mapped: mapped)?.pageTableBytes.map {
        (arch.name, $0)
      }
    }
    guard let best = largest ? found.map(\.1).max() : found.map(\.1).min() else { return nil }
    return (found.filter { $0.1 == best }.map(\.0), best)
  }

  /// For the shared-region case: the architecture whose large pages save
  /// the most, with its base-page and best large-page totals.
  public func bestLargePageSaving() -> (name: String, base: UInt128, large: UInt128, option: String)? {
    var best: (name: String, base: UInt128, large: UInt128, option: String)?
    for arch in architectures {
      let options = Self.pageOptions(arch)
      guard options.count > 1, let base = Self.pagesToMap(Self.sharedRegion, on: arch, with: options[0]) else {
        continue
      }
      for option in options.dropFirst() {
        guard let large = Self.pagesToMap(Self.sharedRegion, on: arch, with: option) else { continue }
        // Compare base/large against the best so far without division: a/b > c/d ⇔ a·d > c·b.
        if best.map({ base * $0.large > $0.base * large }) ?? true {
          best = (arch.name, base, large, option.label)
        }
      }
    }
    guard let best, let arch = architectures.first(where: { $0.name == best.name }) else { return nil }
    let scale = Self.processCount * arch.pageSize
    return (best.name, best.base * scale, best.large * scale, best.option)
  }

  /// The findings at the top of the page, each computed from the numbers below.
  public var findings: [String] {
    var out: [String] = []
    func names(_ list: [String]) -> String {
      if list.count > 3 { return list.prefix(3).joined(separator: ", ") + " and \(list.count - 3) more" }
      return list.count <= 1 ? list.joined() : list.dropLast().joined(separator: ", ") + " and " + (list.last ?? "")
    }
    func need(_ list: [String]) -> String { list.count == 1 ? "needs" : "need" }
    if let small = Self.mappedSizes.first, let least = extremeTables(mapped: small),
      let most = extremeTables(mapped: small, largest: true)
    {
      out.append(
        "To map \(formatBytes(small)), \(names(least.names)) \(need(least.names)) the least page-table memory (\(humanBytes(least.bytes))) "
          + "and \(names(most.names)) the most (\(humanBytes(most.bytes))).")
    }
    if let big = Self.mappedSizes.last, let least = extremeTables(mapped: big),
      let most = extremeTables(mapped: big, largest: true)
    {
      let cannot = architectures.filter {
        measurement($0.name, layout: "contiguous", option: "base pages", mapped: big)?.pageTableBytes == nil
      }
      out.append(
        "To map \(formatBytes(big)) with base pages, \(names(least.names)) \(need(least.names)) the least (\(humanBytes(least.bytes))) "
          + "and \(names(most.names)) the most (\(humanBytes(most.bytes)))"
          + (cannot.isEmpty ? "." : "; \(names(cannot.map(\.name))) cannot map that much at all."))
    }
    if let saving = bestLargePageSaving() {
      out.append(
        "Large pages save the most for \(Self.processCount) processes sharing \(formatBytes(Self.sharedRegion)) on "
          + "\(saving.name): \(humanBytes(saving.base)) of page tables with base pages, \(humanBytes(saving.large)) with "
          + "\(saving.option), \(formatRatio(saving.base, saving.large)) times less.")
    }
    let sixtyFour = pageAndEntryGroups.compactMap { group -> String? in
      guard
        let levels = Self.levelsByWidth(pageSize: group.pageSize, entrySize: group.entrySize).last(where: {
          $0.width == 64
        })?.levels
      else { return nil }
      return "\(counted(levels, "level")) with \(Self.groupLabel(group.pageSize, group.entrySize))"
    }
    if !sixtyFour.isEmpty {
      out.append("Translating all 64 bits of an address would take " + sixtyFour.joined(separator: "; ") + ".")
    }
    let checks = scenarioChecks
    if checks.rows > 0 {
      out.append(
        checks.disagreements == 0
          ? "The simulator agrees with the analytic engine on all \(groupedDigits(UInt128(checks.rows))) page-table counts in the scenarios."
          : "The simulator disagrees with the analytic engine on \(checks.disagreements) of \(checks.rows) page-table counts."
      )
    }
    return out
  }

  func summarySection() -> ReportSection {
    ReportSection(
      id: "summary", title: "Summary of findings",
      blocks: [
        .list(findings),
        .paragraph(
          "How to read the tables: sizes are in binary units (1 KiB = 1,024 bytes), rounded to three digits where "
            + "marked ≈; hover over a size for the exact number of bytes. \(notApplicableSign) means not applicable (for "
            + "example, more memory than the address space holds); hover over it for the reason. Hover over any point or bar "
            + "in a chart for its value."),
      ])
  }
}
