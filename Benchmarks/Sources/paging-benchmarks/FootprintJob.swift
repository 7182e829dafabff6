import PagingCore

/// The analytic footprint of the whole 57-bit x86-64 (LA57) space, 2^45
/// pages, against the same query for one page: the engine counts ranges,
/// not pages, so the ratio should stay near 1.
struct FootprintJob {
  static let runs = 5
  static let queriesPerRun = 2000

  let architecture: Architecture

  /// Page-table pages for every page of a five-level, 512-way space.
  static let wholeSpaceTables: UInt128 = 1 + 512 + 512 * 512 + 512 * 512 * 512 + 512 * 512 * 512 * 512

  struct Result {
    var best = BestOf()
    var wholeSpace: Footprint
  }

  func run() throws -> Result {
    try check(
      architecture.virtualAddressBits == 57 && architecture.levelCount == 5,
      "\(architecture.name) is not a five-level 57-bit architecture")
    let whole = [AddressRange(start: 0, end: 1 << 57)]
    let onePage = [AddressRange(start: 0, end: 4096)]
    let footprint = architecture.footprint(of: whole)
    try check(
      footprint.dataPages == 1 << 45 && footprint.pageTablePages == Self.wholeSpaceTables,
      "the whole 57-bit space needs \(footprint.dataPages) data and \(footprint.pageTablePages) table pages, expected 2^45 and \(Self.wholeSpaceTables)"
    )
    try check(architecture.footprint(of: onePage).pageTablePages == 5, "one page should need 5 page-table pages")

    var result = Result(wholeSpace: footprint)
    var sink: UInt128 = 0
    for _ in 0..<Self.runs {
      result.best.record(
        "whole",
        Timing.seconds {
          for _ in 0..<Self.queriesPerRun { sink &+= architecture.footprint(of: opaque(whole)).totalPages }
        } / Double(Self.queriesPerRun))
      result.best.record(
        "whole.reference",
        Timing.seconds {
          for _ in 0..<Self.queriesPerRun { sink &+= architecture.footprint(of: opaque(onePage)).totalPages }
        } / Double(Self.queriesPerRun))
    }
    _ = opaque(sink)
    return result
  }

  func measurements(from result: Result) -> [Measurement] {
    [
      Measurement(
        group: .analytic, name: "analytic footprint, whole 57-bit space (vs one page)", n: 1 << 45,
        nLabel: "2^45",
        figures: .time(seconds: result.best["whole"], reference: result.best["whole.reference"]),
        repetitions: Self.runs, target: 1.5)
    ]
  }
}
