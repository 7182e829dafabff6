import PagingCore

extension MemoryImage {
  /// The image's stored pages as a text dump, the format
  /// ``parseDump(_:pageSize:pageLimit:)`` reads: `header` as a comment
  /// line, then one `page N: bytes` line a page, in ascending page order,
  /// each byte as two lowercase hex digits.
  ///
  ///     var image = MemoryImage(pageSize: 4)
  ///     image.setPage(2, bytes: [0x01, 0x00, 0xff, 0x10])
  ///     image.textDump(header: "demo")  // "# demo\npage 2: 01 00 ff 10\n"
  ///
  /// A raw image has no stored pages, so its dump is the header alone.
  ///
  /// - Complexity: O(*p* log *p* + *b*) for *p* pages of *b* bytes in all.
  public func textDump(header: String) -> String {
    var lines = ["# " + header]
    for number in pages.keys.sorted() {
      var line = "page \(number):"
      for byte in pages[number, default: []] {
        line.append(" ")
        if byte < 0x10 { line.append("0") }
        line.append(String(byte, radix: 16))
      }
      lines.append(line)
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
