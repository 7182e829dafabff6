extension JSONValue {
  /// The value as JSON text, written by json-c. Pretty output indents by two
  /// spaces and ends without a newline.
  ///
  /// - Complexity: O(*n*) in the size of the value.
  public func serialized(pretty: Bool = true) -> String {
    jsonc_serialize(makeJSONCObject(), pretty: pretty)
  }

  private func makeJSONCObject() -> OpaquePointer? {
    switch self {
    case .null: return jsonc_new_null()
    case .bool(let value): return jsonc_new_bool(value)
    case .number(let text):
      if let value = Int64(text) { return jsonc_new_int64(value) }
      if let value = UInt64(text) { return jsonc_new_uint64(value) }
      return jsonc_new_number_text(Double(text) ?? 0, text)
    case .string(let text): return jsonc_new_string(text)
    case .array(let elements): return jsonc_new_array(elements.map { $0.makeJSONCObject() })
    case .object(let members): return jsonc_new_object(members.map { ($0.0, $0.1.makeJSONCObject()) })
    }
  }
}
