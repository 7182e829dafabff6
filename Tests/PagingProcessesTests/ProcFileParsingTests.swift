import PagingProcesses
import Testing

/// Lines written by hand in the forms proc(5) documents.
@Suite struct ProcFileParsingTests {
  @Test func mapsLineWithPath() throws {
    let mapping = try ProcFileParsing.mapping(
      "55d0c0a00000-55d0c0a28000 r--p 00000000 08:01 1234                       /usr/bin/bash")
    #expect(
      mapping
        == ProcessMapping(start: 0x55d0_c0a0_0000, end: 0x55d0_c0a2_8000, permissions: "r--p", name: "/usr/bin/bash"))
    #expect(mapping.length == 0x28000)
  }

  @Test func mapsLineNamesKeepTheirSpaces() throws {
    let deleted = try ProcFileParsing.mapping("7f0000001000-7f0000002000 rw-s 00000000 00:05 99 /dev/shm/a b (deleted)")
    #expect(deleted.name == "/dev/shm/a b (deleted)")
    let anonymous = try ProcFileParsing.mapping("7f0000001000-7f0000003000 rw-p 00000000 00:00 0 ")
    #expect(anonymous.name == "")
    #expect(anonymous.end - anonymous.start == 8192)
  }

  @Test func mapsFileInKernelOrder() throws {
    let text = """
      00400000-00401000 r-xp 00000000 08:01 1 /bin/a
      7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                          [stack]
      ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]

      """
    let mappings = try ProcFileParsing.mappings(text)
    #expect(mappings.map(\.name) == ["/bin/a", "[stack]", "[vsyscall]"])
    #expect(mappings[2].start == 0xffff_ffff_ff60_0000)
  }

  @Test func malformedMapsLinesAreLocated() {
    #expect(
      throws: ProcParseError(
        line: 2, message: "expected an address range such as 7f00a000-7f00c000 in \"400000 r-xp 0 0:0 0\"")
    ) {
      try ProcFileParsing.mappings("00400000-00401000 r-xp 00000000 08:01 1 /bin/a\n400000 r-xp 0 0:0 0\n")
    }
    #expect(
      throws: ProcParseError(
        line: 1, message: "expected a non-empty range of whole 4 KiB pages in \"400000-400800 r-xp 0 0:0 0\"")
    ) {
      try ProcFileParsing.mapping("400000-400800 r-xp 0 0:0 0")
    }
    #expect(
      throws: ProcParseError(
        line: 1, message: "expected start-end, permissions, offset, device and inode in \"400000-401000 r-xp\"")
    ) {
      try ProcFileParsing.mapping("400000-401000 r-xp")
    }
  }

  @Test func statusFields() throws {
    let status = try ProcFileParsing.status(
      """
      Name:\tbash
      Umask:\t0022
      VmRSS:\t    4200 kB
      VmPTE:\t      60 kB
      Kthread:\t0

      """)
    #expect(status.name == "bash")
    // Unwrapped first: comparing an optional integer with literal arithmetic
    // trips AddressSanitizer inside Swift Testing (toolchain 6.3.1).
    #expect(try #require(status.vmPTEBytes) == 60 * 1024)
    #expect(try #require(status.vmRSSBytes) == 4200 * 1024)
    #expect(!status.isKernelThread)
  }

  @Test func kernelThreadStatusHasNoMemory() throws {
    let status = try ProcFileParsing.status("Name:\tkworker/0:1\nKthread:\t1\nThreads:\t1\n")
    #expect(status.isKernelThread)
    #expect(status.vmPTEBytes == nil)
  }

  @Test func zombiesHaveExited() throws {
    let status = try ProcFileParsing.status("Name:\tdefunct\nState:\tZ (zombie)\n")
    #expect(status.hasExited)
    #expect(status.vmPTEBytes == nil)
    #expect(try !ProcFileParsing.status("State:\tS (sleeping)\n").hasExited)
  }

  @Test func malformedStatusSizes() {
    #expect(throws: ProcParseError(line: 2, message: "VmPTE: expected a size such as \"60 kB\", got \"60 MB\"")) {
      try ProcFileParsing.status("Name:\tx\nVmPTE:\t60 MB\n")
    }
    #expect(throws: ProcParseError(line: 1, message: "VmPTE: 18446744073709551615 kB does not fit in 64 bits")) {
      try ProcFileParsing.status("VmPTE:\t18446744073709551615 kB\n")
    }
  }

  @Test func smapsPMDMappedBytes() throws {
    let text = """
      00400000-00401000 r-xp 00000000 08:01 1 /bin/a
      Size:                  4 kB
      AnonHugePages:         0 kB
      FilePmdMapped:         0 kB
      7f0000000000-7f0000600000 rw-p 00000000 00:00 0
      Size:               6144 kB
      AnonHugePages:      4096 kB
      ShmemPmdMapped:        0 kB
      FilePmdMapped:         0 kB
      VmFlags: rd wr mr mw me ac hg
      7f1000000000-7f1000400000 r-xp 00000000 08:01 7 /lib/big.so
      FilePmdMapped:      2048 kB

      """
    let counts = try ProcFileParsing.pmdMappedBytes(smaps: text)
    #expect(counts.count == 2)
    #expect(counts[0].start == 0x7f00_0000_0000 && counts[0].anonymous == 4 << 20 && counts[0].file == 0)
    #expect(counts[1].start == 0x7f10_0000_0000 && counts[1].anonymous == 0 && counts[1].file == 2 << 20)
  }
}
