extension JSONDocument {
  /// The field at a path such as `levels[2].index_bits`, or the nearest
  /// enclosing field that exists, for locating validation errors.
  ///
  ///     document.nearestField(at: "levels[9].name")  // `levels` when there are fewer levels
  public func nearestField(at path: String) -> JSONField {
    var field = rootField
    var rest = Substring(path)
    while !rest.isEmpty {
      if rest.first == "." { rest = rest.dropFirst() }
      if rest.first == "[" {
        guard let close = rest.firstIndex(of: "]"), let index = Int(rest[rest.index(after: rest.startIndex)..<close]),
          let elements = try? field.array(), elements.indices.contains(index)
        else { break }
        field = elements[index]
        rest = rest[rest.index(after: close)...]
      } else {
        let end = rest.firstIndex(where: { $0 == "." || $0 == "[" }) ?? rest.endIndex
        let key = String(rest[..<end])
        guard let object = try? field.object(), let member = object.optional(key) else { break }
        field = member
        rest = rest[end...]
      }
    }
    return field
  }
}
