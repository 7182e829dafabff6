import PagingCore
import PagingScenarios
import PagingSimulator

/// Everything a comparison report holds, computed once and rendered in
/// every format from the same numbers.
///
/// The page is a list of ``sections``; each renderer walks the list, so a
/// new section is one more entry (see ``init(architectures:scenarios:inputs:extraSections:)``).
///
///     let report = ComparisonReport(architectures: BuiltinArchitectures.all, scenarios: runs)
///     let files = report.files(formats: [.markdown, .csv])
public struct ComparisonReport: Sendable {
  /// A simulated scenario on one architecture.
  public struct ScenarioResult: Sendable {
    /// The scenario's title.
    public let title: String
    /// What the run recorded.
    public let run: ScenarioRun
    /// A result titled `title`.
    public init(title: String, run: ScenarioRun) {
      self.title = title
      self.run = run
    }
  }

  /// What the report was made from, for its footer.
  public struct Inputs: Sendable {
    /// The version of `paging` that wrote it.
    public let toolVersion: String
    /// Where the architectures came from, in words.
    public let architectureSource: String
    /// Where the scenarios came from, in words.
    public let scenarioSource: String

    /// Inputs described as given.
    public init(toolVersion: String, architectureSource: String, scenarioSource: String) {
      self.toolVersion = toolVersion
      self.architectureSource = architectureSource
      self.scenarioSource = scenarioSource
    }

    /// The built-in architectures and shipped scenarios, version unknown.
    public static let builtins = Inputs(
      toolVersion: "unknown", architectureSource: "Architectures/ (built in)",
      scenarioSource: "Scenarios/ (built in)")
  }

  /// A way to map memory: base pages only, or one large-page size allowed.
  public struct PageOption: Sendable, Equatable {
    /// `base pages`, `2 MiB pages`.
    public let label: String
    /// The page size used.
    public let pageSize: UInt128
    /// The levels allowed to map large pages (empty for base pages).
    public let levels: [Int]
  }

  /// Page-table pages for one architecture, layout, page option and size.
  public struct Measurement: Sendable {
    /// The architecture's name.
    public let architecture: String
    /// `contiguous` or `sparse`.
    public let layout: String
    /// The page option.
    public let option: PageOption
    /// Bytes mapped.
    public let mapped: UInt128
    /// Page-table pages, or nil when the layout does not fit the space.
    public let pageTablePages: UInt128?
    /// Page-table bytes: pages × page size.
    public let pageTableBytes: UInt128?
  }

  /// The architectures compared, in the order given.
  public let architectures: [Architecture]
  /// What the report was made from.
  public let inputs: Inputs
  /// The tables in their long form, as CSV and JSON carry them; callers
  /// may append more (the real processes).
  public var tables: [ReportTable]
  /// Explanation steps per architecture, for the working.
  public let workings: [(name: String, steps: [ExplanationStep])]
  /// The simulated scenarios.
  public let scenarioResults: [ScenarioResult]
  /// Every workload measurement, by architecture, layout, option and size.
  public let measurements: [Measurement]
  /// The page's sections, in order.
  public var sections: [ReportSection] = []

  /// Mapped sizes for the workload tables: 4 KiB to 1 TiB by factors of 16.
  public static let mappedSizes: [UInt128] = (0..<8).map { UInt128(4096) << (4 * $0) }
  /// Processes in the shared-region case.
  public static let processCount: UInt128 = 500
  /// The region every process maps in the shared-region case.
  public static let sharedRegion: UInt128 = 8 << 30
  /// The size mapped by the large-page comparison.
  public static let largePageChartSize: UInt128 = 1 << 30
  /// The size at which sparse and contiguous layouts are compared.
  public static let sparseChartSize: UInt128 = 16 << 20

  /// A report over `architectures` and the `scenarios` run on them. The
  /// sections are the standard ones, then `extraSections` before the
  /// architecture cards.
  public init(
    architectures: [Architecture], scenarios: [ScenarioResult], inputs: Inputs = .builtins,
    extraSections: [ReportSection] = []
  ) {
    self.architectures = architectures
    self.inputs = inputs
    self.scenarioResults = scenarios
    self.workings = architectures.map { ($0.name, $0.sizingExplanation) }
    self.measurements = Self.measure(architectures)
    self.tables = [
      Self.geometry(architectures), Self.classic(architectures), Self.workloadTable(measurements),
      Self.manyProcesses(architectures), Self.levelsByWidth(architectures), Self.scenarios(scenarios),
    ]
    self.sections = standardSections(extra: extraSections)
  }

  /// Base pages, then each large-page size the architecture has, smallest first.
  public static func pageOptions(_ arch: Architecture) -> [PageOption] {
    [PageOption(label: "base pages", pageSize: arch.pageSize, levels: [])]
      + arch.leafLevels.dropLast().reversed().map {
        PageOption(
          label: "\(formatBytes(arch.entrySpan(atLevel: $0))) pages", pageSize: arch.entrySpan(atLevel: $0),
          levels: [$0])
      }
  }

  /// The measurement for these keys, if it was taken.
  public func measurement(_ arch: String, layout: String, option: String, mapped: UInt128) -> Measurement? {
    measurements.first {
      $0.architecture == arch && $0.layout == layout && $0.option.label == option && $0.mapped == mapped
    }
  }

  /// `mapped` bytes in 16 equal pieces spread evenly over the lower half.
  static func sparseRanges(_ arch: Architecture, mapped: UInt128) -> [AddressRange]? {
    let half = arch.upperBits == .signExtend ? arch.addressSpaceBytes / 2 : arch.addressSpaceBytes
    let pieces: UInt128 = 16
    let piece = ((mapped / pieces) + arch.pageSize - 1) / arch.pageSize * arch.pageSize
    let spacing = half / pieces
    guard piece <= spacing else { return nil }
    return (0..<pieces).map { AddressRange(start: $0 * spacing, end: $0 * spacing + piece) }
  }

  static func measure(_ archs: [Architecture]) -> [Measurement] {
    var out: [Measurement] = []
    for arch in archs {
      // Base pages first, then large pages largest first, as the CSV always listed them.
      let options = [pageOptions(arch)[0]] + pageOptions(arch).dropFirst().reversed()
      for layout in ["contiguous", "sparse"] {
        for option in options {
          for mapped in mappedSizes {
            let ranges: [AddressRange]? =
              layout == "contiguous"
              ? try? [arch.translatedRange(start: 0, length: mapped)] : sparseRanges(arch, mapped: mapped)
            let pages = ranges.map { arch.footprint(of: $0, largePageLevels: option.levels).pageTablePages }
            out.append(
              Measurement(
                architecture: arch.name, layout: layout, option: option, mapped: mapped,
                pageTablePages: pages, pageTableBytes: pages.map { $0 * arch.pageSize }))
          }
        }
      }
    }
    return out
  }
}
