import PagingCore

extension Machine {
  /// Every page-table page as a text dump (`page N: bytes`), for
  /// `paging translate --memory`.
  public func pageTableDump() -> String {
    var lines = ["# \(architecture.name) page-table pages; data pages are not stored"]
    let (data, table) = memory.handedOutFrames
    for frame in [data, table].joined() where memory.isPageTable(frame) {
      let hex = memory.bytes(ofTable: frame).map { byte in
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
      }
      lines.append("page \(frame): " + hex.joined(separator: " "))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
