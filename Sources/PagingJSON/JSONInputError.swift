import PagingCore

/// A problem in a JSON input file, located to the character.
///
/// Its description is one line in the form editors and compilers use:
///
///     Architectures/x.json:7:18: levels[2].index_bits: expected an integer from 1 to 32, got "nine"
public struct JSONInputError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The name the file was read under (usually its path).
  public var source: String
  /// 1-based line and column; the column counts characters, not bytes.
  public var line: Int
  /// The column, counted in characters from 1, so an editor lands on the right character in a line with accents.
  public var column: Int
  /// The field's path, such as `levels[2].index_bits`; `nil` for syntax errors.
  public var path: String?
  /// What is wrong, in a phrase that reads after the path.
  public var message: String

  /// An error at `line` and `column` of `source`. Decoders get one from ``JSONField/error(_:)`` or
  /// ``JSONField/mismatch(_:)`` instead, which work out the location.
  public init(source: String, line: Int, column: Int, path: String?, message: String) {
    self.source = source
    self.line = line
    self.column = column
    self.path = path
    self.message = message
  }

  /// `FILE:LINE:COLUMN: PATH: message`, one line; an empty path prints as `(top level)`.
  public var description: String {
    let field = path.map { $0.isEmpty ? "(top level): " : "\($0): " } ?? ""
    return "\(escapedPath(source)):\(line):\(column): \(field)\(message)"
  }
}
