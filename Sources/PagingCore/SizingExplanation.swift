/// The sizing answers with their working, as a student would write them out.
///
///     for step in x86_32.sizingExplanation { print(step.topic, step.working) }
///     // offset bits   a page is 4096 = 2^12 bytes, so the low 12 bits are the offset
///
/// Shared by `paging sizes --explain` and the reports.
public struct ExplanationStep: Sendable, Equatable {
  /// What the step answers, in a few words (`offset bits`, `entries per page`).
  public let topic: String
  /// The reasoning and the answer, as one sentence a student could write.
  public let working: String
}

extension Architecture {
  /// The sizing questions answered for this architecture, each with its working: offset bits, entries per page, the
  /// size of a single-level table, the levels, and the most tables each level can need.
  public var sizingExplanation: [ExplanationStep] {
    var steps: [ExplanationStep] = []
    func step(_ topic: String, _ working: String) { steps.append(ExplanationStep(topic: topic, working: working)) }
    let full = bitsPerFullLevel
    step(
      "offset bits",
      "a page is \(pageSize) = 2^\(offsetBits) bytes, so the low \(offsetBits) bits of an address are the offset")
    step(
      "entries per page",
      "\(counted(pageSize, "byte")) / \(counted(entrySize, "byte")) per entry = \(entriesPerPage) = 2^\(full) entries (addresses of next-level tables or pages)"
    )
    step("bits per level", "a table that fills a page has 2^\(full) entries, so a full level indexes \(full) bits")
    let parts = levels.map { String($0.indexBits) }.joined(separator: " + ")
    let count = (translatedBits + full - 1) / full
    var levelWorking =
      "\(virtualAddressBits) - \(offsetBits) = \(translatedBits) bits to translate; ceil(\(translatedBits) / \(full)) = \(count) levels"
    if levels.count == count {
      levelWorking += ", split \(parts) (root first)"
      if levels[0].indexBits < full {
        levelWorking +=
          "; the root takes the \(levels[0].indexBits) bits left over, a \(formatBytes(tableBytes(atLevel: 0))) table of \(entries(atLevel: 0)) entries"
      }
    } else if levels[0].pages > 1 {
      levelWorking =
        "\(virtualAddressBits) - \(offsetBits) = \(translatedBits) bits split \(parts) (root first): the root's \(levels[0].indexBits) bits make a \(formatBytes(tableBytes(atLevel: 0))) table of \(entries(atLevel: 0)) entries, \(levels[0].pages) contiguous pages aligned to their size"
    } else {
      levelWorking =
        "\(virtualAddressBits) - \(offsetBits) = \(translatedBits) bits split \(parts) across \(levels.count) levels (the manual's choice)"
    }
    step("levels", levelWorking)
    step(
      "single-level table",
      "2^\(translatedBits) pages × \(counted(entrySize, "byte")) = \(formatBytesExactly(singleLevelTableBytes))")
    let spans = levels.indices.reversed().map { level in
      "\(levels[level].name) entry maps 2^\(entrySpanBits(atLevel: level)) = \(formatBytes(entrySpan(atLevel: level)))"
    }
    step("entry spans", spans.joined(separator: "; "))
    var bitsAbove = 0
    let tables = levels.indices.map { level -> String in
      defer { bitsAbove += levels[level].indexBits }
      if level == 0 { return "\(levels[level].name) 1 (the root\(rootPages > 1 ? ", \(rootPages) pages" : ""))" }
      return
        "\(levels[level].name) 2^\(bitsAbove) = \(maxTables(atLevel: level)) (one per \(levels[level - 1].name) entry)"
    }
    step("most tables per level", tables.joined(separator: "; "))
    step(
      "most page-table pages",
      levels.indices.map { "\(maxTables(atLevel: $0) * tablePages(atLevel: $0))" }.joined(separator: " + ")
        + " = \(formatCount(maxPageTablePages))")
    step(
      "most physical pages",
      "2^\(translatedBits) data pages + \(maxPageTablePages) page-table pages = \(formatCount(maxPhysicalPages))")
    if let plan = try? LevelPlan(virtualAddressBits: 64, pageSize: pageSize, entrySize: entrySize) {
      step(
        "if all 64 bits were translated",
        "64 - \(offsetBits) = \(64 - offsetBits) bits; ceil(\(64 - offsetBits) / \(full)) = \(plan.levelCount) levels, split \(plan.indexBits.map(String.init).joined(separator: " + "))"
      )
    }
    return steps
  }
}
