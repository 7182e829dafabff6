import PagingCore

extension JSONField {
  /// The field as a size, written as an integer (`4096`) or a string in
  /// `Quantity` syntax (`"4KiB"`, `"2^20"`).
  ///
  ///     // { "size": "2MiB" }
  ///     try object.required("size").size()  // 2_097_152
  ///
  /// - Throws: ``JSONInputError`` at this field when it is neither.
  public func size() throws(JSONInputError) -> UInt128 {
    if let literal = integerLiteral, let value = UInt128(literal) { return value }
    let expectation = "a size such as 4096 or \"4KiB\""
    guard case .string(let text) = node.content else { throw mismatch(expectation) }
    do { return try Quantity.parse(text) } catch { throw mismatch(expectation) }
  }

  /// The field as an address or a count, written as an integer or a string
  /// in `Quantity` syntax (`"0x7fff0000"`, `"2^9+1"`).
  ///
  /// - Parameter what: the expectation the error states, such as `an
  ///   address such as "0x400000"`.
  /// - Throws: ``JSONInputError`` at this field when it is neither.
  public func quantity(expecting what: String) throws(JSONInputError) -> UInt128 {
    if let literal = integerLiteral, let value = UInt128(literal) { return value }
    guard case .string(let text) = node.content, let value = try? Quantity.parse(text) else {
      throw mismatch(what)
    }
    return value
  }
}
