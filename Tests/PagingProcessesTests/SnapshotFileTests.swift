import PagingCore
import PagingJSON
import PagingProcesses
import Testing

/// Snapshots written and read back, and corrupt ones reported where they go wrong.
@Suite struct SnapshotFileTests {
  @Test func roundTripKeepsEverythingAndEveryNumber() throws {
    let snapshot = SnapshotCountingTests.handWorked
    let text = snapshot.jsonText()
    let read = try ProcessSnapshot.decode(text: text, source: "hand.json")
    #expect(read == snapshot)
    let first = try ProcessAnalysis(snapshot)
    let second = try ProcessAnalysis(read)
    #expect(second.pageTablePagesPerLevel == first.pageTablePagesPerLevel)
    #expect(second.predictedVmPTEBytes == first.predictedVmPTEBytes)
    #expect(second.whatIf(on: [first.architecture]) == first.whatIf(on: [first.architecture]))
    // Written again, the same bytes.
    #expect(read.jsonText() == text)
  }

  @Test func theFormatAsDocumented() throws {
    let text = SnapshotCountingTests.handWorked.jsonText()
    #expect(text.contains("\"0x400000-0x800000 r-xp /bin/hand\""))
    #expect(text.contains("\"0x7f0000000000+1025\""))
    #expect(text.contains("\"paging_mode\": \"x86-64\""))
  }

  @Test func upperBoundSnapshotsRoundTrip() throws {
    var snapshot = SnapshotCountingTests.handWorked
    snapshot.populated = nil
    snapshot.hugePages = []
    snapshot.reportedVmPTEBytes = nil
    let text = snapshot.jsonText()
    #expect(text.contains("\"populated\": null"))
    #expect(try ProcessSnapshot.decode(text: text, source: "s.json") == snapshot)
  }

  /// A small valid snapshot, one key a line, so each fault's line and column are plain to see.
  static func text(
    mappings: String = "\"0x400000-0x600000 r-xp /bin/x\"", populated: String = "\"0x400000+2\"",
    huge: String = "", mode: String = "\"x86-64\""
  ) -> String {
    """
    {
      "format": "paging process snapshot",
      "version": 1,
      "pid": 9,
      "command": "x",
      "kernel": "6.18",
      "paging_mode": \(mode),
      "page_size": 4096,
      "vmpte_bytes": 12288,
      "vmrss_bytes": null,
      "mappings": [\(mappings)],
      "populated": [\(populated)],
      "huge_pages": [\(huge)]
    }
    """
  }

  @Test func theSmallSnapshotReads() throws {
    let snapshot = try ProcessSnapshot.decode(text: Self.text(), source: "s.json")
    #expect(snapshot.populated == [PageRun(start: 0x40_0000, pages: 2)])
    #expect(try ProcessAnalysis(snapshot).comparison == .agrees)
  }

  @Test(arguments: [
    // Columns count characters from 1: two spaces, the quoted key, ": ", then
    // "[" before an array; elements follow ", ". A mapping string of
    // "0x400000-0x600000 r-xp /bin/x" is 31 characters with its quotes.
    (text(mode: "\"arm64\""), "s.json:7:18: paging_mode: expected \"x86-64\" or \"x86-64-la57\", got \"arm64\""),
    (
      text(populated: "\"0x400000+0\""),
      "s.json:12:17: populated[0]: expected \"START+PAGES\" such as \"0x400000+3\", got \"0x400000+0\""
    ),
    (text(populated: "\"0x600000+1\""), "s.json:12:17: populated[0]: pages 0x600000-0x601000 are not in any mapping"),
    (
      text(populated: "\"0x400000+2\", \"0x401000+1\""),
      "s.json:12:31: populated[1]: starts before the previous run ends (0x402000): runs must be sorted and disjoint"
    ),
    (
      text(populated: "\"0xfffffffffffff000+2\""),
      "s.json:12:17: populated[0]: expected a page-aligned start and a run that ends below 2^64"
    ),
    (
      text(mappings: "\"0x400000-0x600000 r-xp /bin/x\", \"0x500000-0x700000 rw-p\""),
      "s.json:11:49: mappings[1]: starts before the previous mapping ends (0x600000): mappings must be sorted and disjoint"
    ),
    (
      text(mappings: "\"0x400000-0x900000000000 r-xp /bin/x\""),
      "s.json:11:16: mappings[0]: ends past 0x800000000000, the end of x86-64's user half"
    ),
    (
      text(huge: "{\"start\": \"0x400000\", \"count\": 1, \"anonymous\": true}"),
      "s.json:13:18: huge_pages[0]: the blocks 0x400000-0x600000 are not wholly in the populated pages"
    ),
    (
      text(huge: "{\"start\": \"0x401000\", \"count\": 1, \"anonymous\": true}"),
      "s.json:13:28: huge_pages[0].start: expected a 2 MiB-aligned address such as \"0x7f0000200000\", got \"0x401000\""
    ),
  ])
  func corruptSnapshotsAreLocated(text: String, message: String) {
    do {
      _ = try ProcessSnapshot.decode(text: text, source: "s.json")
      Issue.record("read a corrupt snapshot")
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func unknownKeysAndWrongFormatsAreRefused() {
    #expect(throws: JSONInputError.self) {
      try ProcessSnapshot.decode(
        text: Self.text().replacingOccurrences(of: "\"version\": 1", with: "\"version\": 2"), source: "s.json")
    }
    #expect(throws: JSONInputError.self) {
      try ProcessSnapshot.decode(
        text: Self.text().replacingOccurrences(of: "\"pid\": 9", with: "\"pid\": 9, \"extra\": 1"), source: "s.json")
    }
  }
}

extension String {
  func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
