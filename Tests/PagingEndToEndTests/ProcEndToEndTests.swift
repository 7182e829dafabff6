// Names follow the manuals (x86_64, RLIMIT_AS) where they name their things.
// swift-format-ignore-file: AlwaysUseLowerCamelCase

import Foundation
import PagingJSON
import PagingTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `paging proc` on real processes, on this machine (Linux only).
@Suite(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/pagemap")), .serialized)
struct ProcEndToEndTests {
  static func proc(_ arguments: [String]) throws -> JSONValue {
    let result = try runPaging(["proc"] + arguments + ["--format", "json", "--arch", "x86-64"])
    #expect(result.status == 0, "\(result.standardError)")
    return try result.json()
  }

  static func integers(_ value: JSONValue?) -> [Int] {
    (value?.arrayValue ?? []).compactMap { if case .number(let text) = $0 { return Int(text) } else { return nil } }
  }

  /// Reported VmPTE less predicted, in bytes.
  static func surplus(_ json: JSONValue) -> Int {
    (integer(json["vmpte_bytes"]) ?? 0) - (integer(json["predicted_vmpte_bytes"]) ?? 0)
  }

  /// Whether these tests (and so the binaries they run) were built with
  /// AddressSanitizer, whose runtime maps and releases shadow memory itself.
  static var isSanitized: Bool { dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil }

  static func integer(_ value: JSONValue?) -> Int? {
    if case .number(let text)? = value { return Int(text) }
    return nil
  }

  /// Whether transparent huge pages may be used in MADV_HUGEPAGE regions, and
  /// a read fault there maps the huge zero page.
  static var hugePagesOnRequest: (enabled: Bool, zeroPage: Bool) {
    let enabled = (try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)) ?? ""
    let zero = (try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/use_zero_page", encoding: .utf8)) ?? ""
    return (enabled.contains("[always]") || enabled.contains("[madvise]"), zero.hasPrefix("1"))
  }

  /// Each layout's new tables, worked out by hand for x86-64's four levels
  /// (PML4, PDPT, PD, PT; one PML4 entry of 512 GiB, a PDPT entry of 1 GiB,
  /// a PD entry of 2 MiB), each in a 512 GiB region of its own so every table
  /// below the root is new; and the pages VmPTE grows by (PDPT + PD + PT +
  /// one deposited page per anonymous huge page).
  @Test func layoutsMatchHandCountsAndTheKernel() throws {
    let program = try LayoutsProgram()
    #expect(program.line().hasPrefix("ready"))
    let pid = "\(program.pid)"
    var cases: [(name: String, levels: [Int], vmptePages: Int, huge: Int)] = [
      ("dense", [0, 1, 1, 2], 4, 0),  // 4 MiB: two 2 MiB blocks under one PD
      ("sparse2m", [0, 1, 1, 64], 66, 0),  // one page in each of 64 blocks of 2 MiB
      ("sparse1g", [0, 1, 8, 8], 17, 0),  // one page per 1 GiB: a PD and a PT each
      ("hole", [0, 1, 1, 2], 4, 0),  // 6 MiB less the middle block: its PT is freed
    ]
    let huge = Self.hugePagesOnRequest
    if huge.enabled {
      // Two blocks written (two huge pages), one read (the huge zero page, or
      // the 4 KiB zero page under a PT when the huge one is off).
      cases.append(huge.zeroPage ? ("thp", [0, 1, 1, 0], 5, 3) : ("thp", [0, 1, 1, 1], 5, 2))
    }
    var previous = try Self.proc([pid])
    // What the kernel holds beyond the prediction stays the same through the
    // layouts (nothing: the program agrees, unless a sanitizer's runtime has
    // emptied tables of its own).
    let surplus = Self.surplus(previous)
    if !Self.isSanitized { #expect(surplus == 0, "the program before any layout") }
    for layout in cases {
      let vmpte = try program.make(layout.name)
      let now = try Self.proc([pid])
      let before = Self.integers(previous["page_table_pages_per_level"])
      let after = Self.integers(now["page_table_pages_per_level"])
      #expect(zip(after, before).map { $0 - $1 } == layout.levels, "\(layout.name): tables per level")
      #expect((vmpte.after - vmpte.before) / 4096 == layout.vmptePages, "\(layout.name): the kernel's VmPTE")
      let hugeNow = Self.integer(now["pmd_mapped_huge_pages"]) ?? 0
      let hugeBefore = Self.integer(previous["pmd_mapped_huge_pages"]) ?? 0
      #expect(hugeNow - hugeBefore == layout.huge, "\(layout.name): PMD-mapped huge pages")
      #expect(
        Self.surplus(now) == surplus,
        "\(layout.name): predicted \(String(describing: now["predicted_vmpte_bytes"])), reported \(String(describing: now["vmpte_bytes"]))"
      )
      previous = now
    }
    // A touched page unmapped with part of its 2 MiB block left mapped: the
    // kernel keeps the emptied PT, and the PD and PDPT above it (3 pages), and
    // paging says it holds exactly that many more than needed.
    let kept = try program.make("kept")
    #expect((kept.after - kept.before) / 4096 == 3)
    let now = try Self.proc([pid])
    #expect(Self.integers(now["page_table_pages_per_level"]) == Self.integers(previous["page_table_pages_per_level"]))
    #expect(now["comparison"] == .string("kernel_holds_more"))
    #expect(Self.surplus(now) == surplus + 3 * 4096)
    // The 1 MiB left mapped holds no populated page: its PT, PD and PDPT are
    // among the tables that may be kept.
    #expect((Self.integer(now["emptied_tables_at_most"]) ?? 0) >= 3)
  }

  @Test func procSelfAgreesWithTheKernel() throws {
    let result = try runPaging(["proc", "self", "--format", "json"])
    #expect(result.status == 0)
    let json = try result.json()
    if !Self.isSanitized { #expect(json["vmpte_bytes"] == json["predicted_vmpte_bytes"]) }
    #expect(Self.surplus(json) >= 0)
    #expect(Self.integers(json["page_table_pages_per_level"]).count == 4)
    #expect((Self.integer(json["populated_pages"]) ?? 0) > 0)
    let whatIf = json["what_if"]?.arrayValue ?? []
    let x86_32 = try #require(whatIf.first { $0["architecture"] == .string("x86-32") })
    #expect(x86_32["page_table_bytes"] == .null)
    #expect(x86_32["upper_bound_page_table_bytes"] == .null)
    guard case .string(let reason)? = x86_32["reason"] else {
      Issue.record("no reason")
      return
    }
    #expect(
      reason.hasPrefix("its user addresses end at 0x100000000") == false
        && reason.hasPrefix("its addresses end at 0x100000000"))
    let x86_64 = try #require(
      whatIf.first { $0["architecture"] == .string("x86-64") && $0["large_pages"] == .bool(false) })
    #expect(Self.integer(x86_64["page_table_bytes"]) != nil)
  }

  @Test func aSnapshotGivesTheSameAnswerAsTheLiveProcess() throws {
    let program = try LayoutsProgram()
    #expect(program.line().hasPrefix("ready"))
    _ = try program.make("sparse2m")
    let scratch = try Scratch()
    let path = scratch.url.appendingPathComponent("p.json").path
    let live = try Self.proc(["\(program.pid)", "--save", path])
    let again = try Self.proc(["--snapshot", path])
    #expect(live == again)
    // And once more from the file, the same bytes out.
    let third = try runPaging(["proc", "--snapshot", path, "--format", "json", "--arch", "x86-64"])
    #expect(try third.json() == again)
  }

  @Test func everyProcess() throws {
    let result = try runPaging(["proc", "--all", "--top", "3", "--format", "json"])
    #expect(result.status == 0)
    #expect(result.standardError.isEmpty)
    let json = try result.json()
    let read = Self.integer(json["processes_read"]) ?? 0
    let agreeing = Self.integer(json["agreeing"]) ?? 0
    #expect(read > 0)
    #expect(agreeing * 2 > read || Self.isSanitized, "predicted equals reported for most processes")
    #expect(json["top"]?.arrayValue?.count == min(3, read))
  }

  @Test func errorsAreOneLine() throws {
    let missing = try runPaging(["proc", "2000000000"])
    #expect(missing.status == 2)
    #expect(missing.standardError == "error: no process with id 2000000000\n")
    let usage = try runPaging(["proc", "init"])
    #expect(usage.status == 64)
    let scratch = try Scratch()
    let bad = try scratch.write("bad.json", SnapshotTexts.corrupt)
    let corrupt = try runPaging(["proc", "--snapshot", bad])
    #expect(corrupt.status == 2)
    #expect(corrupt.standardError == "\(bad):4:10: pid: expected an integer from 0 to 2147483647, got -1\n")
    let directory = try runPaging(["proc", "self", "--save", scratch.url.path])
    #expect(directory.status == 2)
    #expect(directory.standardError == "error: \(scratch.url.path): cannot write: it is a directory\n")
  }

  /// Another user's process: as root, drop to nobody with setpriv to see the refusal.
  @Test(.enabled(if: getuid() == 0 && FileManager.default.fileExists(atPath: "/usr/bin/setpriv")))
  func anotherUsersProcessIsRefused() throws {
    let binary = productsDirectory.appendingPathComponent("paging").path
    let result = try runPaging(
      ["--reuid=65534", "--regid=65534", "--clear-groups", binary, "proc", "1"],
      executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
    #expect(result.status == 2)
    #expect(
      result.standardError
        == "error: permission denied reading /proc/1/maps (it takes the right to trace the process: the same user and a dumpable process, or CAP_SYS_PTRACE)\n"
    )
  }
}

enum SnapshotTexts {
  /// A negative process id on line 4, its value at column 10.
  static let corrupt = """
    {
      "format": "paging process snapshot",
      "version": 1,
      "pid": -1,
      "command": "x"
    }
    """
}
