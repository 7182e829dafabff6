// swift-tools-version:6.0
import PackageDescription

let strictSwift: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

/// The simulator's exhaustive self-checks (`_invariantViolations()`), in
/// debug builds of the simulator and of its tests, which call them.
let internalChecks: [SwiftSetting] = [.define("PAGING_INTERNAL_CHECKS", .when(configuration: .debug))]

let package = Package(
  name: "paging",
  products: [
    .executable(name: "paging", targets: ["paging"]),
    .library(name: "PagingCore", targets: ["PagingCore"]),
    .library(name: "PagingDescriptors", targets: ["PagingDescriptors"]),
    .library(name: "PagingSimulator", targets: ["PagingSimulator"]),
    .library(name: "PagingScenarios", targets: ["PagingScenarios"]),
    .library(name: "PagingReports", targets: ["PagingReports"]),
    .library(name: "PagingProcesses", targets: ["PagingProcesses"]),
    /// JSON read and written through json-c; the benchmarks write their
    /// JSON with it too, so the project has one JSON implementation.
    .library(name: "PagingJSON", targets: ["PagingJSON"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    // `make docs`: builds the DocC catalogs (swift package generate-documentation).
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", exact: "1.5.0"),
  ],
  targets: [
    // MARK: - Public API

    /// The command-line tool: parses arguments, calls the libraries, prints.
    .executableTarget(
      name: "paging",
      dependencies: [
        "PagingCore",
        "PagingDescriptors",
        "PagingJSON",
        "PagingSimulator",
        "PagingScenarios",
        "PagingReports",
        "PagingTeaching",
        "PagingProcesses",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strictSwift),

    /// The architecture model, its validation and the analytic engine.
    /// Pure Swift: no C, no Foundation.
    .target(
      name: "PagingCore",
      swiftSettings: strictSwift),

    /// Architecture descriptors and other input files read from JSON, the
    /// built-in architectures, JSON renderings of the engine's answers, and
    /// the files layer (reading, all-or-nothing writing).
    .target(
      name: "PagingDescriptors",
      dependencies: ["PagingCore", "PagingJSON"],
      swiftSettings: strictSwift,
      plugins: ["EmbedArchitectures"]),

    /// Real page tables in simulated physical memory: iterators, processes,
    /// fork and exit, memory images and walks. It returns data (with its
    /// JSON and text renderings beside each type), never display text from
    /// the machine. Debug builds compile in its exhaustive self-checks
    /// (`_invariantViolations()`), as swift-collections does with
    /// COLLECTIONS_INTERNAL_CHECKS.
    .target(
      name: "PagingSimulator",
      dependencies: ["PagingCore", "PagingJSON", "PagingDescriptors"],
      swiftSettings: strictSwift + internalChecks),

    /// Scenario files (`Scenarios/`, embedded at build time) and their runs
    /// on the simulator: the steps, the memory they need, what a run
    /// captures, and its JSON.
    .target(
      name: "PagingScenarios",
      dependencies: ["PagingCore", "PagingJSON", "PagingDescriptors", "PagingSimulator"],
      swiftSettings: strictSwift,
      plugins: ["EmbedArchitectures"]),

    /// Comparison reports in Markdown, HTML with SVG charts, CSV and JSON.
    .target(
      name: "PagingReports",
      dependencies: [
        "PagingCore", "PagingJSON", "PagingDescriptors", "PagingSimulator", "PagingScenarios", "PagingProcesses",
      ],
      swiftSettings: strictSwift),

    /// Real Linux processes: their mappings and populated pages read from
    /// /proc, snapshots of them as JSON, their page tables counted to match
    /// the kernel's VmPTE and costed on every architecture.
    .target(
      name: "PagingProcesses",
      dependencies: ["PagingCore", "PagingJSON", "PagingDescriptors"],
      swiftSettings: strictSwift),

    /// OSTEP's paging homework programs, output for output, and the Python
    /// `random` generator they draw from; seeded exercises with worked
    /// answers for every architecture. Pure Swift: no C, no Foundation.
    .target(
      name: "PagingTeaching",
      dependencies: ["PagingCore", "PagingSimulator", "PagingJSON"],
      swiftSettings: strictSwift),

    // MARK: - Implementation details

    /// JSON values with source locations, read and written through json-c.
    /// The only module that imports `CJSONC`.
    .target(
      name: "PagingJSON",
      dependencies: ["PagingCore", "CJSONC"],
      swiftSettings: strictSwift),

    .systemLibrary(
      name: "CJSONC",
      pkgConfig: "json-c",
      providers: [.apt(["libjson-c-dev"])]),

    /// Embeds `Architectures/*.json` in `PagingDescriptors` at build time, so
    /// the binary knows its built-ins wherever it is copied.
    .plugin(
      name: "EmbedArchitectures",
      capability: .buildTool(),
      dependencies: ["embed-architectures"]),
    .executableTarget(
      name: "embed-architectures",
      swiftSettings: strictSwift),

    // MARK: - Tests

    .target(
      name: "PagingTestSupport",
      dependencies: ["PagingCore", "PagingDescriptors", "PagingJSON"],
      path: "Tests/PagingTestSupport",
      swiftSettings: strictSwift),
    .testTarget(
      name: "PagingJSONTests",
      dependencies: ["PagingJSON"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "PagingCoreTests",
      dependencies: ["PagingCore"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "PagingDescriptorsTests",
      dependencies: ["PagingDescriptors", "PagingTestSupport"],
      exclude: ["BadDescriptors"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "PagingSimulatorTests",
      dependencies: ["PagingSimulator", "PagingDescriptors"],
      swiftSettings: strictSwift + internalChecks),
    .testTarget(
      name: "PagingScenariosTests",
      dependencies: ["PagingScenarios", "PagingSimulator", "PagingDescriptors", "PagingTestSupport"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "PagingReportsTests",
      dependencies: ["PagingReports", "PagingDescriptors", "PagingCore"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "PagingTeachingTests",
      dependencies: ["PagingTeaching", "paging", "PagingTestSupport"],
      exclude: ["Fixtures"],
      swiftSettings: strictSwift),
    /// A C program with page-table layouts known by hand, for `paging proc`'s tests.
    .executableTarget(
      name: "proc-layouts",
      path: "Tests/ProcLayouts"),
    .testTarget(
      name: "PagingProcessesTests",
      dependencies: ["PagingProcesses", "PagingCore", "PagingJSON", "PagingTestSupport", "proc-layouts"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "PagingEndToEndTests",
      dependencies: ["paging", "proc-layouts", "PagingTestSupport"],
      swiftSettings: strictSwift),
  ]
)
