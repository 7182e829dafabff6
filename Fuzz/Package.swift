// swift-tools-version:5.4
import PackageDescription

// Tools version 5.4 on purpose: from 5.5 on, SwiftPM renames an executable's
// entry point to `<module>_main` and links with `--defsym main=<module>_main`,
// which fails for a fuzz target, whose `main` is libFuzzer's.

// libFuzzer targets, in their own package so the main build stays lean: one
// executable per parser or command path, each exporting
// `LLVMFuzzerTestOneInput`. `make fuzz` (in the root, through `Fuzz/run`)
// builds them with AddressSanitizer and libFuzzer's coverage instrumentation
// on every module, the libraries under test included, so coverage guides the
// fuzzer through them; only the fuzz targets link libFuzzer. See README.md.

let strictSwift: [SwiftSetting] = [
  .unsafeFlags(["-enable-upcoming-feature", "ExistentialAny", "-enable-upcoming-feature", "MemberImportVisibility"])
]

/// A fuzz target: no `main` of its own (libFuzzer supplies it), linked
/// against libFuzzer even when built without the script's flags.
func fuzzTarget(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
  .executableTarget(
    name: name,
    dependencies: dependencies + ["FuzzSupport"],
    swiftSettings: strictSwift + [.unsafeFlags(["-parse-as-library", "-sanitize=fuzzer"])],
    linkerSettings: [.unsafeFlags(["-sanitize=fuzzer"])])
}

let core = Target.Dependency.product(name: "PagingCore", package: "paging")
let descriptors = Target.Dependency.product(name: "PagingDescriptors", package: "paging")
let json = Target.Dependency.product(name: "PagingJSON", package: "paging")
let simulator = Target.Dependency.product(name: "PagingSimulator", package: "paging")
let processes = Target.Dependency.product(name: "PagingProcesses", package: "paging")
let scenarios = Target.Dependency.product(name: "PagingScenarios", package: "paging")

let package = Package(
  name: "paging-fuzz",
  dependencies: [
    .package(name: "paging", path: "..")
  ],
  targets: [
    // MARK: - Fuzz targets

    /// Architecture descriptor decode and validation, then every view of the result.
    fuzzTarget("fuzz-descriptor", [core, descriptors, json, simulator]),
    /// Scenario file decode, then a run on each built-in it names with a small memory.
    fuzzTarget("fuzz-scenario", [core, descriptors, json, simulator, scenarios]),
    /// Ranges file decode and footprint on a few built-ins.
    fuzzTarget("fuzz-ranges", [core, descriptors, json]),
    /// Memory image parse (text dump or raw) and walks from a root the input gives.
    fuzzTarget("fuzz-memory-image", [core, descriptors, simulator]),
    /// Size and address expressions, and what the commands do with them.
    fuzzTarget("fuzz-quantity", [core, descriptors, json, simulator, scenarios]),
    /// The inline architecture options (`--va-bits --page-size --entry-size --levels --pa-bits`).
    fuzzTarget("fuzz-inline-architecture", [core, descriptors, json, simulator]),
    /// Process snapshot decode, the page-table count and VmPTE prediction, costs elsewhere, and a round trip.
    fuzzTarget("fuzz-snapshot", [core, descriptors, json, processes]),

    // MARK: - Implementation details

    /// Reading fields from the fuzzer's bytes, and the checks the
    /// architecture targets share.
    .target(
      name: "FuzzSupport",
      dependencies: [core, descriptors, json, simulator],
      swiftSettings: strictSwift),
  ]
)
