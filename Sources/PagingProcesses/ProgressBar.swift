/// A one-line progress bar on standard error, redrawn in place:
/// `[##########          ] 52/104 processes`.
///
/// Shown only when standard error is a terminal; the caller also leaves it
/// out for JSON output.
public struct ProgressBar: Sendable {
  private var lastDrawn = -1

  /// An empty bar; nothing is drawn until ``show(_:of:)``.
  public init() {}

  /// Whether standard error is a terminal.
  public static var isAvailable: Bool { system_isTerminal(2) }

  /// Draws `done` of `total`, when the filled width changes or at the end.
  public mutating func show(_ done: Int, of total: Int) {
    let width = 30
    let filled = total == 0 ? width : done * width / total
    guard filled != lastDrawn || done == total else { return }
    lastDrawn = filled
    let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
    system_writeToStandardError("\r[\(bar)] \(done)/\(total) processes")
  }

  /// Erases the bar.
  public func clear() {
    system_writeToStandardError("\r\u{1B}[K")
  }
}
