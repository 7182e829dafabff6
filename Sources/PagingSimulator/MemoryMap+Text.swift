import PagingCore

extension MemoryMap {
  /// What each character of ``text(columns:)`` means.
  public static let legend =
    ". free  K kernel  S shared data  0-9 process data (process id mod 10)  # page-table page"

  /// A WeensyOS-style picture: one character per frame (see ``legend``),
  /// `columns` frames a line, each line led by its first frame's physical
  /// address. More than two lines of frames never handed out (all free)
  /// between the data zone and the table zone are drawn as one `*` line
  /// saying how many, as `hexdump` does, so a large memory draws in time
  /// proportional to what is used.
  ///
  /// - Parameter columns: frames a line; values below 1 are taken as 1.
  /// - Complexity: O(frames handed out + `columns`).
  public func text(columns: Int = 64) -> String {
    let columns = max(columns, 1)
    // Whole lines inside the gap between the two zones.
    let dataEnd = dataZoneEnd.index
    let firstGapLine = dataEnd / columns + (dataEnd % columns == 0 ? 0 : 1)
    let endGapLine = tableZoneStart.index / columns
    let elided = endGapLine - firstGapLine > 2 ? firstGapLine..<endGapLine : 0..<0
    let lineCount = frameCount / columns + (frameCount % columns == 0 ? 0 : 1)
    var lines: [String] = []
    var lineIndex = 0
    while lineIndex < lineCount {
      if lineIndex == elided.lowerBound && !elided.isEmpty {
        let frames = elided.count * columns
        lines.append(leftPadded("*", to: 12) + " \(elided.count) lines (\(frames) frames) never used: all free")
        lineIndex = elided.upperBound
        continue
      }
      let first = lineIndex * columns
      var line = leftPadded(formatHex(UInt128(first) << offsetBits), to: 12) + " "
      for frame in first..<min(first + columns, frameCount) {
        line.append(Self.symbol(for: owner(ofFrame: FrameNumber(index: frame))))
      }
      lines.append(line)
      lineIndex += 1
    }
    return lines.joined(separator: "\n")
  }

  static func symbol(for owner: FrameOwner) -> Character {
    switch owner {
    case .free: return "."
    case .kernel: return "K"
    case .shared: return "S"
    case .data(let process): return Character(String(process % 10))
    case .pageTable: return "#"
    }
  }

  private func leftPadded(_ text: String, to width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
  }
}
