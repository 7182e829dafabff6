import Foundation
import PagingJSON
import PagingTestSupport
import Testing

/// Issue 11: OSTEP's multi-level machine as a built-in, formats without
/// permission bits, and roots given as page numbers.
@Suite struct TeachingEndToEndTests {
  /// A dump in OSTEP's style (`page %3d:` then the page's bytes, invalid
  /// entries 0x7f) with the page directory in page 10. Worked by hand for
  /// 0x6c74 = 0b11011_00011_10100: PD index 27, PT index 3, offset 20. The
  /// PDE (page 10, byte 27) is 0xa0: valid, page table in page 0x20. The
  /// PTE (page 32, byte 3) is 0xe1: valid, frame 0x61. So the physical
  /// address is 0x61 × 32 + 20 = 0xc34, and page 0x61's byte 20 is 0x1b.
  func ostepDump() -> String {
    func page(_ number: Int, _ set: [Int: UInt8], fill: UInt8 = 0x7f) -> String {
      let bytes = (0..<32).map { set[$0] ?? fill }
      return "page \(String(repeating: " ", count: 3 - String(number).count))\(number):"
        + bytes.map { String(format: "%02x", $0) }.joined()
    }
    return [page(10, [27: 0xa0]), page(32, [3: 0xe1]), page(0x61, [20: 0x1b], fill: 0)].joined(separator: "\n") + "\n"
  }

  @Test func ostepMultilevelWalk() throws {
    let scratch = try Scratch()
    let dump = try scratch.write("ostep.txt", ostepDump())
    let result = try runPaging(["translate", "ostep-multilevel", "0x6c74", "--memory", dump, "--root-page", "10"])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(
      result.standardOutput.contains("-> physical address 0xc34 (rwxu), byte there: 0x1b"), "\(result.standardOutput)")
    // The same root as a byte address: 10 × 32 = 0x140.
    let byAddress = try runPaging([
      "translate", "ostep-multilevel", "0x6c74", "--memory", dump, "--root", "0x140",
      "--format", "json",
    ]).json()
    #expect(byAddress["physical_address"] == .number("3124"))
    // A PTE without the valid bit (0x7f) faults at the PT: index 4 of page 32.
    let fault = try runPaging(["translate", "ostep-multilevel", "0x6c94", "--memory", dump, "--root-page", "10"])
    #expect(fault.standardOutput.contains("fault at PT: the PT entry is not present"), "\(fault.standardOutput)")
  }

  /// A dump that does not fit the machine is reported, not walked.
  @Test func dumpsThatDoNotFit() throws {
    let scratch = try Scratch()
    let beyond = try runPaging([
      "translate", "ostep-multilevel", "0", "--memory", scratch.write("d.txt", ostepDump()),
      "--root-page", "128",
    ])
    // 12-bit physical addresses in 32-byte pages: pages 0 to 127.
    #expect(
      beyond.standardError
        == "error: --root-page: page 128 is beyond ostep-multilevel's 12-bit physical address space (pages 0 to 127)\n")
    let short = try scratch.write("short.txt", "page 1: 00 01\n")
    let shortResult = try runPaging(["translate", "ostep-multilevel", "0", "--memory", short, "--root-page", "1"])
    #expect(shortResult.standardError == "\(short):1:1: page 1 gives 2 bytes, not the 32 of a page\n")
    let far = try scratch.write("far.txt", "page 200: " + String(repeating: "00", count: 32) + "\n")
    let farResult = try runPaging(["translate", "ostep-multilevel", "0", "--memory", far, "--root-page", "1"])
    #expect(farResult.standardError == "\(far):1:5: page 200 is beyond physical memory (pages 0 to 127)\n")
  }

  /// OSTEP's entry has no permission bits: the descriptor leaves them out
  /// and every command takes it.
  @Test func formatsWithoutPermissions() throws {
    let show = try runPaging(["show", "ostep-multilevel"])
    #expect(show.status == 0)
    let simulated = try runPaging([
      "simulate", "--arch", "ostep-multilevel", "--allocations", "3", "--size", "32",
      "--fork", "--exit", "--format", "json",
    ])
    #expect(simulated.status == 0, "\(simulated.standardError)")
    let reports = try #require(try simulated.json()["runs"]?[0]?["reports"]?.arrayValue)
    // 3 pages in one PT: 3 data + PD + PT; the fork doubles it; exit frees all.
    #expect(reports.map { $0["total_pages"]?.numberText } == ["5", "10", "0"])
    let scratch = try Scratch()
    let scenario = try scratch.write(
      "k.json",
      scenarioText(
        architectures: "[\"ostep-multilevel\"]", extra: "\n \"kernel\": [{\"start\": \"0x4000\", \"size\": \"32\"}],",
        steps: "[]"))
    let kernel = try runPaging(["simulate", scenario])
    #expect(kernel.status == 2)
    #expect(
      kernel.standardError
        == "\(scenario):2:13: kernel[0]: ostep-multilevel has no user bit, so kernel mappings cannot be told from user ones\n"
    )
  }
}

/// OSTEP's own answers (the program's `-c` output, committed as fixtures of
/// the teaching tests) reproduced by walking OSTEP's dumps with the
/// `ostep-multilevel` built-in: every address of seeds 0 to 9.
@Suite struct OSTEPDumpAgreementTests {
  @Test func everyAddressAgrees() throws {
    let scratch = try Scratch()
    var checked = 0
    for seed in 0..<10 {
      let fixture = packageRoot.appendingPathComponent(
        "Tests/PagingTeachingTests/Fixtures/multilevel-translate/seed\(seed)-solve.txt")
      let lines = try String(contentsOf: fixture, encoding: .utf8).split(
        separator: "\n", omittingEmptySubsequences: false)
      let dump = try scratch.write(
        "seed\(seed).txt", lines.filter { $0.hasPrefix("page") }.joined(separator: "\n") + "\n")
      let pdbr = try #require(
        lines.first { $0.hasPrefix("PDBR:") }?.split(separator: " ").dropFirst().first.map(String.init))
      for (index, line) in lines.enumerated() where line.hasPrefix("Virtual Address ") {
        let address = "0x" + line.dropFirst("Virtual Address ".count).dropLast()
        // Two or three lines later OSTEP says where the walk ended.
        let outcome = lines[(index + 1)...].first { $0.contains("Translates to") || $0.contains("Fault") } ?? ""
        let walk = try runPaging([
          "translate", "ostep-multilevel", address, "--memory", dump, "--root-page", pdbr,
          "--format", "json",
        ]).json()
        if outcome.contains("Translates to") {
          // "--> Translates to Physical Address 0x6bc --> Value: 08"
          let parts = outcome.split(separator: " ")
          let physical = try #require(parts.first { $0.hasPrefix("0x") }.flatMap { UInt64($0.dropFirst(2), radix: 16) })
          let value = try #require(parts.last.flatMap { UInt64($0, radix: 16) })
          #expect(walk["physical_address"]?.numberText == "\(physical)", "seed \(seed) \(address)")
          #expect(walk["value"]?.numberText == "\(value)", "seed \(seed) \(address)")
        } else {
          let level = outcome.contains("page directory") ? "PD" : "PT"
          #expect(walk["fault_level"]?.stringValue == level, "seed \(seed) \(address): \(outcome)")
        }
        checked += 1
      }
    }
    #expect(checked == 100)
  }
}
