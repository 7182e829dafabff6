import PagingCore
import PagingSimulator
import Testing

/// A text dump written by the image is the format the dump parser reads.
@Suite struct MemoryImageTextDumpTests {
  /// Bytes written as two lowercase hex digits each (0x0f as "0f"), pages in
  /// ascending order whatever order they were set in.
  @Test func pagesInOrderWithTwoDigitBytes() {
    var image = MemoryImage(pageSize: 4)
    image.setPage(9, bytes: [0xab, 0x00, 0x0f, 0x10])
    image.setPage(2, bytes: [0x01, 0x00, 0xff, 0x10])
    #expect(image.textDump(header: "demo") == "# demo\npage 2: 01 00 ff 10\npage 9: ab 00 0f 10\n")
  }

  /// The parser reads back what was written: the same pages, the same bytes.
  @Test func parsesBack() throws {
    var image = MemoryImage(pageSize: 8)
    image.setPage(3, bytes: [1, 2, 3, 4, 5, 6, 7, 0xfe])
    let parsed = try MemoryImage.parseDump(image.textDump(header: "round trip"), pageSize: 8)
    #expect(parsed.dumpedPageCount == 1)
    #expect(parsed.textDump(header: "again") == "# again\npage 3: 01 02 03 04 05 06 07 fe\n")
  }
}
