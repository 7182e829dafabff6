// swift-tools-version:6.0
import PackageDescription

// The benchmark lives in its own package so the main build stays lean: it
// times the simulator against a plain C page table in the same run.
// `make bench` (in the root) builds it in release mode and runs it.

let strictSwift: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
  name: "paging-benchmarks",
  dependencies: [
    .package(name: "paging", path: "..")
  ],
  targets: [
    // MARK: - The benchmark

    /// Times map, copy (fork) and free in the simulator and in `CReference`,
    /// plus the analytic footprint and the simulator's memory use; prints a
    /// table or JSON.
    .executableTarget(
      name: "paging-benchmarks",
      dependencies: [
        "CReference",
        .product(name: "PagingCore", package: "paging"),
        .product(name: "PagingDescriptors", package: "paging"),
        .product(name: "PagingJSON", package: "paging"),
        .product(name: "PagingSimulator", package: "paging"),
      ],
      swiftSettings: strictSwift),

    // MARK: - The floor

    /// A minimal x86-64 radix page table in plain C, built with -O2.
    .target(
      name: "CReference",
      cSettings: [.unsafeFlags(["-O2"])]),
  ]
)
