/// What a mapping allows, beyond being present and readable.
///
///     let rw: Permissions = [.writable, .user]
public struct Permissions: OptionSet, Sendable, Hashable, CustomStringConvertible {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  public static let writable = Permissions(rawValue: 1 << 0)
  public static let user = Permissions(rawValue: 1 << 1)
  public static let executable = Permissions(rawValue: 1 << 2)

  /// `rwxu`-style, with `-` for what is missing: `rw-u`.
  public var description: String {
    "r" + (contains(.writable) ? "w" : "-") + (contains(.executable) ? "x" : "-") + (contains(.user) ? "u" : "-")
  }
}
