import Foundation
import PagingJSON
import PagingTestSupport
import Testing

/// Issue 15, nested translation on the command line: `paging nested`,
/// `simulate --host` and `translate --memory --host`.
@Suite struct NestedEndToEndTests {
  /// (n+1)(m+1)-1 for n guest levels on m host levels: 24, 35, 15 (Sv39 on
  /// a 3-level host; riscv-sv39 stands in for Sv39x4 until it is built in)
  /// and 8 for x86-32 on x86-32.
  @Test(arguments: [
    ("x86-64", "x86-64", 24, 4), ("x86-64-la57", "x86-64-la57", 35, 5),
    ("riscv-sv39", "riscv-sv39x4", 15, 3), ("x86-32", "x86-32", 8, 2),
  ])
  func worstCase(guest: String, host: String, references: Int, guestLevels: Int) throws {
    let result = try runPaging(["nested", guest, host, "--format", "json"])
    #expect(result.status == 0, "\(result.standardError)")
    let json = try result.json()
    #expect(json["walk_memory_references"]?.numberText == "\(references)")
    #expect(json["walk_guest_references"]?.numberText == "\(guestLevels)")
    #expect(json["walk_host_references"]?.numberText == "\(references - guestLevels)")
    #expect(json["references"]?.arrayValue?.count == references)
  }

  /// 1 GiB of guest memory, three processes of 8 MiB: 3 × 7 guest tables,
  /// 515 host tables (512 PTs for 1 GiB and one table above each level),
  /// and with large pages 3 × 3 and 2 (see VirtualMachineTablesTests for
  /// the hand count).
  @Test func virtualMachineTables() throws {
    let json = try runPaging([
      "nested", "x86-64", "x86-64", "--guest-memory", "1G", "--mapped", "8M",
      "--processes", "3", "--format", "json",
    ]).json()
    #expect(json["guest_page_table_pages"]?.numberText == "21")
    #expect(json["host_page_table_pages"]?.numberText == "515")
    #expect(json["total_page_table_pages"]?.numberText == "536")
    #expect(json["total_page_table_bytes"]?.numberText == "\(536 * 4096)")
    #expect(json["host_page_table_pages_per_level"]?.arrayValue?.compactMap(\.numberText) == ["1", "1", "1", "512"])
    #expect(json["large_pages"]?["guest_page_table_pages"]?.numberText == "9")
    #expect(json["large_pages"]?["host_page_table_pages"]?.numberText == "2")
  }

  /// The text answer's first line and the working's key step.
  @Test func textAndExplanation() throws {
    let result = try runPaging(["nested", "x86-64", "x86-64", "--explain"])
    #expect(result.status == 0)
    let lines = result.standardOutput.split(separator: "\n")
    #expect(
      lines.first
        == "x86-64 guest on x86-64 host: a TLB miss takes up to 24 memory references (4 guest + 20 host), base pages in both stages"
    )
    #expect(lines.contains { $0.contains("20 + 4 = 24 = (4 + 1)(4 + 1) - 1 memory references") })
    #expect(lines.contains { $0.hasPrefix("  4 KiB        1 GiB       4            2") && $0.hasSuffix("14") })
  }

  /// Bad input: one line and status 2 (or 64 for usage errors).
  @Test(
    arguments: [
      (
        ["nested", "x86-32", "x86-32", "--guest-memory", "8G"], Int32(2),
        "error: --guest-memory: 8 GiB (8589934592 bytes) of guest-physical memory is more than x86-32's 32-bit physical addresses reach (4 GiB)"
      ),
      (
        ["nested", "x86-64", "x86-32", "--guest-memory", "8G"], Int32(2),
        "error: --guest-memory: 8 GiB (8589934592 bytes) of guest-physical memory does not fit in x86-32's input addresses, which reach 4 GiB from 0"
      ),
      (
        ["nested", "x86-64", "x86-64", "--guest-memory", "1G", "--mapped", "4K", "--processes", "2^126"], Int32(2),
        "error: --processes: 85070591730234615865843651857942052864 processes of 5 pages each do not fit in 128 bits"
      ),
      // 512 MiB is 131072 pages under 256 PTs, a PD, a PDPT and a PML4:
      // 2 × (131072 + 259) × 4096 = 1075863552 bytes.
      (
        ["nested", "x86-64", "x86-64", "--guest-memory", "1G", "--mapped", "512M", "--processes", "2"], Int32(2),
        "error: --mapped: 2 processes mapping 512 MiB (536870912 bytes) each need about 1.0 GiB (1075863552 bytes) of guest-physical memory with their page tables, more than the 1 GiB (1073741824 bytes) the virtual machine has"
      ),
      (["nested", "x86-64", "x86-64", "--mapped", "4K"], Int32(64), nil),
      (["nested", "x86-64", "x86-64", "--guest-memory", "2^128"], Int32(64), nil),
      (["nested", "teaching-15", "x86-64"], Int32(0), nil),
    ] as [([String], Int32, String?)])
  func refusals(arguments: [String], status: Int32, message: String?) throws {
    let result = try runPaging(arguments)
    #expect(result.status == status, "\(result.standardError)")
    guard status != 0 else { return }
    #expect(result.standardError.split(separator: "\n").count == 1)
    #expect(result.standardOutput.isEmpty)
    if let message { #expect(result.standardError == message + "\n") }
  }

  /// A guest with no built-in host, named alone, is asked for one.
  @Test func guestWithoutAPair() throws {
    let result = try runPaging(["nested", "teaching-15"])
    #expect(result.status == 2)
    #expect(
      result.standardError
        == "error: \"teaching-15\" needs a HOST: it has no built-in pair (paging nested GUEST HOST)\n")
  }

  /// simulate --host writes both stages; translate --host walks them: 24
  /// references alternating four host reads and a guest read, ending at
  /// the guest-physical address the guest's own tables give (the same
  /// simulation without --host) and, the hypervisor's four 4 KiB pages
  /// coming first in host memory, at 0x4000 above it.
  @Test func simulateThenTranslate() throws {
    let scratch = try Scratch()
    let both = scratch.path("both.txt")
    let guestOnly = scratch.path("guest.txt")
    let shortcut = [
      "simulate", "--arch", "x86-64", "--allocations", "3", "--size", "4K", "--start", "0x400000", "--memory", "1M",
    ]
    let simulated = try runPaging(shortcut + ["--host", "x86-64", "--dump", both, "--format", "json"])
    #expect(simulated.status == 0, "\(simulated.standardError)")
    let nested = try #require(try simulated.json()["nested"])
    #expect(nested["walks_agree"] == .bool(true))
    #expect(nested["example"]?["memory_references"]?.numberText == "24")
    #expect(nested["guest_page_table_pages"]?.numberText == "4")
    let guestRoot = try #require(nested["guest_roots"]?[0]?["guest_physical_address"]?.numberText)
    let hostRoot = try #require(nested["host_root"]?.numberText)
    #expect(try runPaging(shortcut + ["--dump", guestOnly]).status == 0)
    let alone = try runPaging([
      "translate", "x86-64", "0x401234", "--memory", guestOnly, "--root", guestRoot, "--format", "json",
    ]).json()
    let guestPhysical = try #require(alone["physical_address"]?.numberText.flatMap { UInt64($0) })

    let walked = try runPaging([
      "translate", "x86-64", "0x401234", "--memory", both, "--root", guestRoot,
      "--host", "x86-64", "--host-root", hostRoot, "--format", "json",
    ])
    #expect(walked.status == 0, "\(walked.standardError)")
    let json = try walked.json()
    let stages = try #require(json["references"]?.arrayValue).compactMap { $0["stage"]?.stringValue }
    let hostWalk = Array(repeating: "host", count: 4)
    #expect(
      stages == hostWalk + ["guest"] + hostWalk + ["guest"] + hostWalk + ["guest"] + hostWalk + ["guest"] + hostWalk)
    #expect(json["guest_physical_address"]?.numberText == "\(guestPhysical)")
    #expect(json["physical_address"]?.numberText == "\(guestPhysical + 0x4000)")

    // In text, one numbered line per reference and the outcome.
    let text = try runPaging([
      "translate", "x86-64", "0x401234", "--memory", both, "--root", guestRoot,
      "--host", "x86-64", "--host-root", hostRoot,
    ]).standardOutput
    #expect(text.split(separator: "\n").contains { $0.hasPrefix("  24  host   PT     gpa of the data") })
    #expect(text.hasSuffix("24 memory references\n"))
  }

  /// --host with guest memory past the host's reach, and --host-root alone.
  @Test func hostRefusals() throws {
    let tooBig = try runPaging(["simulate", "--arch", "x86-64", "--size", "4K", "--memory", "5G", "--host", "x86-32"])
    #expect(tooBig.status == 2)
    #expect(
      tooBig.standardError
        == "error: --host: x86-64's 5 GiB (5368709120 bytes) of guest-physical memory does not fit in x86-32's input addresses, which reach 4 GiB from 0\n"
    )
    let alone = try runPaging(["translate", "x86-64", "0x1000", "--host-root", "0x1000"])
    #expect(alone.status == 64)
    #expect(alone.standardError.split(separator: "\n").count == 1)
  }
}
