import Foundation
import PagingJSON
import PagingTestSupport
import Testing

/// `paging simulate` and `paging translate --memory` on the built binary.
@Suite struct SimulatorEndToEndTests {
  /// 2^9+1 pages, fork, exit: hand counts as in the calculator tests; the
  /// fork doubles everything (writable pages are copied); exit leaves nothing.
  @Test func shortcutForkExit() throws {
    let result = try runPaging([
      "simulate", "--arch", "x86-64", "--allocations", "2^9+1", "--size", "4K",
      "--fork", "--exit", "--format", "json",
    ])
    #expect(result.status == 0)
    let reports = try #require(try result.json()["runs"]?[0]?["reports"]?.arrayValue)
    #expect(reports.count == 3)
    #expect(reports[0]["data_pages"] == .number("513"))
    #expect(reports[0]["page_table_pages_per_level"]?.arrayValue?.map(\.numberText) == ["1", "1", "1", "2"])
    #expect(reports[0]["total_pages"] == .number("518"))
    #expect(reports[1]["data_pages"] == .number("1026"))
    #expect(reports[1]["page_table_pages"] == .number("10"))
    #expect(reports[2]["total_pages"] == .number("0"))
    for report in reports { #expect(report["leaked_frames"] == .number("0")) }
  }

  @Test(arguments: ["classic-x86-64", "classic-x86-32", "fork-exit", "sparse", "large-pages", "many-processes"])
  func shippedScenariosAgreeWithTheEngine(name: String) throws {
    let path = packageRoot.appendingPathComponent("Scenarios/\(name).json").path
    let result = try runPaging(["simulate", path, "--format", "json"])
    #expect(result.status == 0, "\(result.standardError)")
    let runs = try #require(try result.json()["runs"]?.arrayValue)
    #expect(!runs.isEmpty)
    for run in runs {
      for report in run["reports"]?.arrayValue ?? [] {
        #expect(report["leaked_frames"] == .number("0"))
        for process in report["processes"]?.arrayValue ?? [] {
          #expect(process["matches_prediction"] == .bool(true), "\(name) \(run["architecture"] ?? .null)")
        }
      }
    }
  }

  /// The classic scenario's five processes, by hand: [1,1,1,1] three times,
  /// [1,1,1,2], [1,1,2,513].
  @Test func classicScenarioCounts() throws {
    let path = packageRoot.appendingPathComponent("Scenarios/classic-x86-64.json").path
    let report = try #require(try runPaging(["simulate", path, "--format", "json"]).json()["runs"]?[0]?["reports"]?[0])
    let perProcess = report["processes"]?.arrayValue?.map {
      $0["page_table_pages_per_level"]?.arrayValue?.compactMap(\.numberText) ?? []
    }
    #expect(
      perProcess == [
        ["1", "1", "1", "1"], ["1", "1", "1", "1"], ["1", "1", "1", "1"], ["1", "1", "1", "2"], ["1", "1", "2", "513"],
      ])
  }

  /// Simulate, dump the page tables, then walk an address through the dump.
  /// Data frames come from the bottom of memory in order, so the second page
  /// of the allocation (0x401000) has frame 1: 0x401234 → 0x1234.
  @Test func walkThroughADump() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paging-walk-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let dump = directory.appendingPathComponent("tables.txt").path
    let simulated = try runPaging([
      "simulate", "--arch", "x86-64", "--allocations", "3", "--size", "4K",
      "--start", "0x400000", "--memory", "1M", "--dump", dump,
    ])
    #expect(simulated.status == 0)
    // 1 MiB = 256 frames; page-table pages come from the top, the root first: frame 255.
    let walk = try runPaging([
      "translate", "x86-64", "0x401234", "--memory", dump, "--root", "0xff000", "--format", "json",
    ]).json()
    #expect(walk["physical_address"] == .number(String(0x1234)))
    let steps = try #require(walk["steps"]?.arrayValue)
    #expect(steps.map { $0["level"]?.stringValue } == ["PML4", "PDPT", "PD", "PT"])
    // 0x401234: PML4 0, PDPT 0, PD 2, PT 1.
    #expect(steps.map { $0["index"]?.numberText } == ["0", "0", "2", "1"])
    // The PT entry: frame 1 at bit 12, P|W|U = 7, NX (bit 63) set.
    #expect(steps[3]["entry_hex"] == .string("0x8000000000001007"))
    let fault = try runPaging([
      "translate", "x86-64", "0x801234", "--memory", dump, "--root", "0xff000", "--format", "json",
    ]).json()
    #expect(fault["fault_level"] == .string("PD"))
    #expect(fault["physical_address"] == nil)
  }

  @Test func rawImageWalk() throws {
    // A hand-built 2-level teaching-15 image: 32-byte pages, 1-byte entries
    // (P bit 0, W bit 1, U bit 2, frame in bits 3-7). Root in frame 1 maps
    // index 3 to the table in frame 2; that table maps index 5 to frame 7.
    var image = [UInt8](repeating: 0, count: 8 * 32)
    image[1 * 32 + 3] = 2 << 3 | 0b111
    image[2 * 32 + 5] = 7 << 3 | 0b101
    image[7 * 32 + 9] = 0xAB
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paging-raw-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("image.bin")
    try Data(image).write(to: file)
    // VA = index 3 << 10 | index 5 << 5 | offset 9 = 0xCA9.
    let walk = try runPaging([
      "translate", "teaching-15", "0xca9", "--memory", file.path, "--root", "0x20", "--format", "json",
    ]).json()
    #expect(walk["physical_address"] == .number(String(7 * 32 + 9)))
    #expect(walk["value"] == .number(String(0xAB)))
  }

  @Test func badInputs() throws {
    let noFile = try runPaging(["simulate", "/nonexistent.json"])
    #expect(noFile.status == 2)
    let oom = try runPaging(["simulate", "--arch", "x86-64", "--allocations", "100", "--size", "4K", "--memory", "64K"])
    #expect(oom.status == 2)
    #expect(oom.standardError == "error: x86-64: out of physical memory allocating a data page\n")
  }
}
