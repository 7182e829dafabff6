import Foundation
import PagingJSON
import PagingTestSupport
import Testing

/// Issue 10: mapping lists and decoded walks on the command line.
@Suite struct MappingsEndToEndTests {
  /// 513 user pages from 0x400000 beside the 2 MiB kernel at the upper
  /// half: two runs, filtered by owner and by range.
  @Test func simulateShowsMappings() throws {
    let base = [
      "simulate", "--arch", "x86-64", "--allocations", "2^9+1", "--size", "4K", "--start", "0x400000",
      "--kernel", "--show", "mappings", "--format", "json",
    ]
    func runs(_ extra: [String]) throws -> [JSONValue] {
      let json = try runPaging(base + extra).json()
      return try #require(json["runs"]?[0]?["mappings"]?[0]?["list"]?["runs"]?.arrayValue)
    }
    let all = try runs([])
    #expect(all.count == 2)
    #expect(all[0]["virtual_start"]?.numberText == "\(0x40_0000)")
    #expect(all[0]["size"]?.numberText == "\(513 * 4096)")
    #expect(all[0]["user"] == .bool(true))
    // The kernel half in pointer form: 0xffff800000000000.
    #expect(all[1]["virtual_start"]?.numberText == "\(UInt64(0xffff_8000_0000_0000))")
    #expect(all[1]["size"]?.numberText == "\(2 << 20)")
    #expect(all[1]["user"] == .bool(false))
    #expect(try runs(["--only", "kernel"]).count == 1)
    #expect(try runs(["--only", "user"]).first?["user"] == .bool(true))
    #expect(try runs(["--from", "0x601000"]).count == 1)
  }

  /// A dump of the same machine lists the same runs through `paging mappings`.
  @Test func mappingsOfADump() throws {
    let scratch = try Scratch()
    let dump = scratch.path("tables.txt")
    let text = try runPaging([
      "simulate", "--arch", "x86-64", "--allocations", "3", "--size", "4K", "--start", "0x400000",
      "--dump", dump,
    ]).standardOutput
    let rootLine = try #require(text.split(separator: "\n").first { $0.contains("Roots:") })
    let address = try #require(rootLine.split(separator: " ").last.map(String.init))
    let result = try runPaging(["mappings", "x86-64", "--memory", dump, "--root", address])
    #expect(result.status == 0, "\(result.standardError)")
    let lines = result.standardOutput.split(separator: "\n")
    // One run: 3 pages of 4 KiB from 0x400000, read-write user, not executable.
    #expect(lines.count == 4)
    #expect(lines.last?.hasPrefix("  0x400000-0x402fff  ") == true)
    #expect(lines.last?.hasSuffix("12 KiB  3 × 4 KiB  rw-u   PT") == true)
  }

  /// Every step of a walk is decoded, and the JSON keeps translate's keys.
  @Test func decodedWalk() throws {
    let scratch = try Scratch()
    let dump = scratch.path("tables.txt")
    let text = try runPaging(["simulate", "--arch", "x86-64", "--size", "4K", "--start", "0x400000", "--dump", dump])
      .standardOutput
    let rootLine = try #require(text.split(separator: "\n").first { $0.contains("Roots:") })
    let root = try #require(rootLine.split(separator: " ").last.map(String.init))
    let json = try runPaging(["translate", "x86-64", "0x400123", "--memory", dump, "--root", root, "--format", "json"])
      .json()
    // 0x400123: PML4 0, PDPT 0, PD 2, PT 0, offset 0x123.
    #expect(json["indexes"]?.arrayValue?.compactMap(\.numberText) == ["0", "0", "2", "0"])
    #expect(json["offset"]?.numberText == "291")
    #expect(json["canonical"] == .bool(true))
    let steps = try #require(json["steps"]?.arrayValue)
    #expect(steps.count == 4)
    #expect(steps[0]["flags"]?.arrayValue?.compactMap(\.stringValue) == ["present", "writable", "user"])
    #expect(steps[0]["meaning"]?.stringValue?.hasPrefix("table at pa 0x") == true)
    #expect(steps[3]["flags"]?.arrayValue?.compactMap(\.stringValue) == ["present", "writable", "user", "no_execute"])
    #expect(steps[3]["meaning"]?.stringValue?.hasPrefix("leaf: 4 KiB page at pa 0x") == true)
    #expect(steps[3]["allowed"]?.stringValue == "rw-u")
  }
}

/// Issue 10: copy_mappings (a share-only fork) and free_everything, traced
/// in the order the iterators take them.
@Suite struct TraceEndToEndTests {
  /// Two pages at 0x400000 on x86-64, forked sharing, then both exit. By
  /// hand: the copy visits each page by address; the first needs the
  /// child's PDPT, PD and PT (its PML4 exists), the second none; both map
  /// the same frame. The first exit drops one of two references to each
  /// page (frees none), then frees PT, PD, PDPT (children before parents)
  /// and the root; the second frees the pages themselves, then the same.
  @Test func shareForkAndExitByHand() throws {
    let result = try runPaging([
      "simulate", "--arch", "x86-64", "--allocations", "2", "--size", "4K", "--start", "0x400000",
      "--fork", "--share", "--exit", "--trace", "--format", "json",
    ])
    #expect(result.status == 0, "\(result.standardError)")
    let events = try result.standardOutput.split(separator: "\n").filter { $0.contains("\"event\"") }.map { line in
      try JSONDocument(parsing: String(line), source: "event").root.value
    }
    let kinds = events.compactMap { $0["event"]?.stringValue }
    #expect(
      kinds == [
        "visit", "allocate_table", "allocate_table", "allocate_table", "map", "visit", "map",
        "free_page", "free_page", "free_table", "free_table", "free_table", "free_root",
        "free_page", "free_page", "free_table", "free_table", "free_table", "free_root",
      ])
    #expect(
      events.filter { $0["event"]?.stringValue == "allocate_table" }.compactMap { $0["level"]?.stringValue } == [
        "PDPT", "PD", "PT",
      ])
    #expect(
      events.filter { $0["event"]?.stringValue == "free_table" }.compactMap { $0["level"]?.stringValue }
        == ["PT", "PD", "PDPT", "PT", "PD", "PDPT"])
    let maps = events.filter { $0["event"]?.stringValue == "map" }
    #expect(maps.allSatisfy { $0["copied"] == .bool(false) })
    #expect(maps.compactMap { $0["virtual_address"]?.numberText } == ["\(0x40_0000)", "\(0x40_1000)"])
    // Every data frame had two references: the first exit frees none.
    let frees = events.filter { $0["event"]?.stringValue == "free_page" }.compactMap {
      $0["references_left"]?.numberText
    }
    #expect(frees == ["1", "1", "0", "0"])
  }

  /// A copying fork gives writable pages fresh frames; the counts after a
  /// share-only fork stay at one set of data pages.
  @Test func copyingAndSharingForks() throws {
    func after(_ extra: [String]) throws -> (data: String?, tables: String?) {
      let json = try runPaging(
        ["simulate", "--arch", "x86-64", "--allocations", "2^9+1", "--size", "4K", "--fork", "--format", "json"] + extra
      ).json()
      let report = json["runs"]?[0]?["reports"]?[1]
      return (report?["data_pages"]?.numberText, report?["page_table_pages"]?.numberText)
    }
    // 513 pages need 1 + 1 + 1 + 2 tables; each fork doubles the tables.
    #expect(try after([]) == ("1026", "10"))
    #expect(try after(["--share"]) == ("513", "10"))
  }
}

/// The traced fork is done step by step with the iterators; it must leave
/// memory exactly as the simulator's own fork does.
@Suite struct TracedForkAgreementTests {
  @Test(arguments: [
    ["--arch", "x86-64", "--allocations", "2^9+1", "--size", "4K", "--kernel"],
    ["--arch", "x86-64", "--allocations", "2^9+1", "--size", "4K", "--kernel", "--share"],
    ["--arch", "riscv-sv39", "--allocations", "1", "--size", "1G+2M", "--large-pages"],
    ["--arch", "arm64-4k-48", "--allocations", "16", "--size", "4K", "--stride", "1G", "--share"],
    ["--arch", "ostep-multilevel", "--allocations", "5", "--size", "32"],
  ])
  func tracedAndUntracedForksAgree(arguments: [String]) throws {
    let base = ["simulate"] + arguments + ["--fork", "--exit", "--format", "json"]
    let plain = try runPaging(base)
    let traced = try runPaging(base + ["--trace"])
    #expect(plain.status == 0 && traced.status == 0, "\(traced.standardError)")
    // The traced run prints its events first, one per line; the result follows.
    let result = traced.standardOutput.split(separator: "\n").drop { $0.contains("\"event\"") }.joined(separator: "\n")
    let tracedReports = try JSONDocument(parsing: result, source: "traced").root.value["runs"]?[0]?["reports"]
    let plainReports = try plain.json()["runs"]?[0]?["reports"]
    #expect(tracedReports != nil)
    #expect(tracedReports == plainReports)
  }
}
