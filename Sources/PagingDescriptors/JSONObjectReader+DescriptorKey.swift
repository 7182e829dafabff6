import PagingCore
import PagingJSON

// Descriptor members read by their DescriptorKey, so the key is spelled only
// where DescriptorKey defines it.
extension JSONObjectReader {
  /// The member for `key`, or "missing required key" at the object.
  func required(_ key: DescriptorKey) throws(JSONInputError) -> JSONField { try required(key.rawValue) }

  /// The member for `key`, or nil when there is none.
  func optional(_ key: DescriptorKey) -> JSONField? { optional(key.rawValue) }
}
