/// What a mapping allows, beyond being present and readable.
///
///     let rw: Permissions = [.writable, .user]
public struct Permissions: OptionSet, Sendable, Hashable, CustomStringConvertible {
  /// The bits: writable 1, user 2, executable 4. They are the simulator's own, not any architecture's entry bits.
  public let rawValue: UInt8
  /// The set whose bits are `rawValue`.
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// The page may be written.
  public static let writable = Permissions(rawValue: 1 << 0)
  /// The page is reachable from user mode, not only the kernel's.
  public static let user = Permissions(rawValue: 1 << 1)
  /// Code on the page may run.
  public static let executable = Permissions(rawValue: 1 << 2)

  /// `rwxu`-style, with `-` for what is missing: `rw-u`.
  public var description: String {
    "r" + (contains(.writable) ? "w" : "-") + (contains(.executable) ? "x" : "-") + (contains(.user) ? "u" : "-")
  }
}
