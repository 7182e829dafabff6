import Foundation
import PagingJSON
import PagingTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Issue 14: devices, FIFOs, symbolic links, huge and sparse files, and
/// report runs that fail part-way. Device nodes and FIFOs are made in a
/// scratch folder (the tests run as root); no test touches a real device.
@Suite struct SpecialFilesEndToEndTests {
  /// Item 4: an endless device is read no further than the stated bound,
  /// whichever input it is given as.
  @Test func endlessDevicesAreBounded() throws {
    let scratch = try Scratch()
    let zero = try scratch.characterDevice("zero", major: 1, minor: 5)
    let expected = "error: \(zero): a character device that gave more than 64 MiB, the most read from one input\n"
    #expect(try runPaging(["sizes", zero]).standardError == expected)
    #expect(try runPaging(["simulate", zero]).standardError == expected)
    #expect(try runPaging(["footprint", "x86-64", "--ranges", zero]).standardError == expected)
    let image = try runPaging(["translate", "x86-64", "0", "--memory", zero, "--root", "0"])
    #expect(
      image.standardError
        == "error: \(zero): a character device that gave more than 256 MiB, the most read from one that is not a regular file\n"
    )
    let scenario = try scratch.write("s.json", scenarioText(architectures: "[\"\(zero)\"]", steps: "[]"))
    let inside = try runPaging(["simulate", scenario])
    #expect(inside.status == 2)
    #expect(
      inside.standardError
        == "\(scenario):1:75: architectures[0]: \(zero): a character device that gave more than 64 MiB, the most read from one input\n"
    )
  }

  /// Item 5: a FIFO nobody writes to reads as empty instead of blocking.
  @Test func fifoWithoutWriter() throws {
    let scratch = try Scratch()
    let fifo = try scratch.fifo("in.json")
    let result = try runPaging(["sizes", fifo])
    #expect(result.status == 2)
    #expect(result.standardError == "\(fifo):1:1: invalid JSON: unexpected end of input\n")
    let image = try runPaging(["translate", "x86-64", "0", "--memory", fifo, "--root", "0"])
    #expect(image.standardError == "error: \(fifo): is empty: a memory image needs at least one byte\n")
  }

  /// Item 6: a 4 GiB sparse raw image is mapped, not read: under a 512 MiB
  /// data limit (which counts heap, not a read-only file mapping) the walk
  /// still runs. The tables: PML4 at 0x1000, PDPT 0x2000, PD 0x3000, PT
  /// 0x4000, data page 0xfffff000 near the end of the image.
  @Test func largeSparseImagesAreMapped() throws {
    let scratch = try Scratch()
    let path = scratch.path("sparse.bin")
    let descriptor = open(path, O_RDWR | O_CREAT, 0o644)
    #expect(descriptor >= 0)
    defer { close(descriptor) }
    #expect(ftruncate(descriptor, 4 << 30) == 0)
    func entry(_ value: UInt64, at address: Int) {
      var little = value.littleEndian
      _ = pwrite(descriptor, &little, 8, off_t(address))
    }
    entry(0x2000 | 0x7, at: 0x1000)  // PML4[0] -> PDPT
    entry(0x3000 | 0x7, at: 0x2000)  // PDPT[0] -> PD
    entry(0x4000 | 0x7, at: 0x3000 + 2 * 8)  // PD[2] (0x400000) -> PT
    entry(0xffff_f000 | 0x7, at: 0x4000 + 1 * 8)  // PT[1] (0x401000) -> data
    var marker: UInt8 = 0x5a
    _ = pwrite(descriptor, &marker, 1, off_t(0xffff_f234))
    // AddressSanitizer reserves its shadow memory as data, so under it
    // (`make test-asan`) the limit is left off and only the answer checked.
    let limit = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") == nil ? "ulimit -d 524288; " : ""
    let result = try runPaging(
      [
        "-c", limit + "exec \"$0\" \"$@\"", productsDirectory.appendingPathComponent("paging").path,
        "translate", "x86-64", "0x401234", "--memory", path, "--root", "0x1000",
      ],
      executable: URL(fileURLWithPath: "/bin/sh"))
    #expect(result.status == 0, "\(result.standardError)")
    #expect(
      result.standardOutput.contains("-> physical address 0xfffff234 (rwxu), byte there: 0x5a"),
      "\(result.standardOutput)")
  }

  /// Item 9: a report run that fails part-way changes nothing.
  @Test func failedReportChangesNothing() throws {
    let scratch = try Scratch()
    let output = scratch.path("out")
    let arguments = [
      "report", "--arch", "x86-32", "--arch", "riscv-sv39", "--format", "markdown", "--format", "csv",
      "--output", output,
    ]
    #expect(try runPaging(arguments).status == 0)
    let before = try ["report.md", "geometry.csv"].map { try scratch.read("out/\($0)") }
    try FileManager.default.removeItem(atPath: output + "/classic.csv")
    try FileManager.default.createDirectory(atPath: output + "/classic.csv/inside", withIntermediateDirectories: true)
    // A different architecture set, so a replaced file would differ.
    var changed = arguments
    changed[2] = "x86-64"
    let failed = try runPaging(changed)
    #expect(failed.status == 2)
    #expect(failed.standardError == "error: \(output)/classic.csv: cannot write: it is a directory\n")
    let after = try ["report.md", "geometry.csv"].map { try scratch.read("out/\($0)") }
    #expect(before == after)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: output).filter { $0.hasPrefix(".") }
    #expect(leftovers.isEmpty)
  }

  /// Item 10: devices and FIFOs are written through, links followed.
  @Test func writesGoThroughSpecialFiles() throws {
    let scratch = try Scratch()
    let full = try scratch.characterDevice("full", major: 1, minor: 7)
    let result = try runPaging(["simulate", "--arch", "x86-64", "--size", "4K", "--dump", full])
    #expect(result.status == 2)
    #expect(result.standardError == "error: \(full): cannot write: No space left on device\n")
    #expect(scratch.kind("full") == S_IFCHR)

    let fifo = try scratch.fifo("dump")
    let reader = open(fifo, O_RDONLY | O_NONBLOCK)
    #expect(reader >= 0)
    defer { close(reader) }
    let dumped = try runPaging(["simulate", "--arch", "x86-64", "--size", "4K", "--dump", fifo])
    #expect(dumped.status == 0, "\(dumped.standardError)")
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    let count = read(reader, &buffer, buffer.count)
    #expect(count > 0)
    #expect(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self).hasPrefix("# x86-64 page-table pages"))
    #expect(scratch.kind("dump") == S_IFIFO)

    let target = try scratch.write("target.txt", "old\n")
    #expect(symlink(target, scratch.path("link.txt")) == 0)
    chmod(target, 0o640)
    let linked = try runPaging(["simulate", "--arch", "x86-64", "--size", "4K", "--dump", scratch.path("link.txt")])
    #expect(linked.status == 0)
    #expect(scratch.kind("link.txt") == S_IFLNK)
    #expect(String(decoding: try scratch.read("target.txt"), as: UTF8.self).hasPrefix("# x86-64 page-table pages"))
    var info = stat()
    stat(target, &info)
    #expect(info.st_mode & 0o777 == 0o640)
  }

  /// Item 14: how a memory file is read, by a stated rule.
  @Test func memoryFormats() throws {
    let scratch = try Scratch()
    // x86-32: PD at page 1, PT at page 2, data at page 3; 0x00401234 has
    // PD index 1, PT index 1, offset 0x234.
    func page(_ number: Int, entryIndex: Int, value: UInt32) -> String {
      var bytes = [UInt8](repeating: 0, count: 4096)
      withUnsafeBytes(of: value.littleEndian) { for (i, b) in $0.enumerated() { bytes[entryIndex * 4 + i] = b } }
      return "page \(number): " + bytes.map { String(format: "%02x", $0) }.joined()
    }
    let lines = [page(1, entryIndex: 1, value: 0x2007), page(2, entryIndex: 1, value: 0x3007)]
    let crlf = try scratch.write("crlf.txt", "# dump\r\n" + lines.joined(separator: "\r\n") + "\r\n")
    let walked = try runPaging(["translate", "x86-32", "0x401234", "--memory", crlf, "--root", "0x1000"])
    #expect(
      walked.standardOutput.contains("-> physical address 0x3234"), "\(walked.standardOutput)\(walked.standardError)")

    var invalid = Array(("page 1: 00\n").utf8)
    invalid.insert(0xff, at: 9)
    let badUTF8 = try scratch.write("bad.txt", bytes: invalid)
    let utf8 = try runPaging(["translate", "x86-32", "0", "--memory", badUTF8, "--root", "0x1000"])
    #expect(utf8.standardError == "\(badUTF8):1:10: not valid UTF-8 text (byte 0xFF)\n")

    let comments = try scratch.write("comments.txt", "# nothing here\n# at all\n")
    let empty = try runPaging(["translate", "x86-32", "0", "--memory", comments, "--root", "0x1000"])
    #expect(
      empty.standardError
        == "error: \(comments): a text dump with no \"page N: bytes\" lines (give --memory-format raw if it is raw bytes)\n"
    )

    let pag = try scratch.write("pag.txt", "pag 1: 00\n")
    let typo = try runPaging(["translate", "x86-32", "0", "--memory", pag, "--root", "0x1000"])
    #expect(typo.standardError == "\(pag):1:1: expected \"page N: bytes\"\n")
    // Forced raw, the same file is bytes: 'p' 'a' 'g' ' ' at address 0.
    let raw = try runPaging(["translate", "x86-32", "0", "--memory", pag, "--memory-format", "raw", "--root", "0"])
    #expect(raw.standardOutput.contains("0x20676170"), "\(raw.standardOutput)")
  }

  /// Item 19: `report` needs no source folder: the scenarios are built in.
  @Test func reportOutsideTheSourceFolder() throws {
    let scratch = try Scratch()
    let result = try runPaging(
      ["report", "--arch", "x86-64", "--format", "csv", "--output", "r"], workingDirectory: scratch.url)
    #expect(result.status == 0, "\(result.standardError)")
    let scenarios = String(decoding: try scratch.read("r/scenarios.csv"), as: UTF8.self)
    #expect(scenarios.contains("x86-64"))
  }
}
