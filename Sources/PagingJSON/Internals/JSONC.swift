// Wrappers keep the C names they wrap (system_open wraps open), as swift-system does.
// swift-format-ignore-file: AlwaysUseLowerCamelCase
// The only file in the project that calls json-c. Each function wraps one
// json-c entry point (`jsonc_x` wraps `json_x`) and converts its C types to
// Swift ones; no `OpaquePointer` leaves this module.

import CJSONC

/// A json-c object owned by Swift; released when the last reference goes.
/// json-c represents JSON `null` by a null pointer, so `pointer` may be nil.
final class JSONCObject {
  let pointer: OpaquePointer?

  init(taking pointer: OpaquePointer?) { self.pointer = pointer }
  deinit { if let pointer { json_object_put(pointer) } }
}

/// The outcome of `json_tokener_parse_ex` on a whole document.
enum JSONCParseResult {
  case success(JSONCObject)
  /// `offset` is the byte offset json-c stopped at.
  case failure(offset: Int, message: String)
}

/// Parses `bytes` strictly (RFC 8259: no comments, no trailing commas, no
/// single quotes) and requires that nothing but white space follows the value.
func jsonc_parse(_ bytes: [UInt8]) -> JSONCParseResult {
  guard let tokener = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH) else {
    return .failure(offset: 0, message: "out of memory")
  }
  defer { json_tokener_free(tokener) }
  json_tokener_set_flags(tokener, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8)
  var object: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
    buffer.withMemoryRebound(to: CChar.self) { chars in
      json_tokener_parse_ex(tokener, chars.baseAddress, Int32(clamping: chars.count))
    }
  }
  var status = json_tokener_get_error(tokener)
  if status == json_tokener_continue, !bytes.isEmpty {
    // A bare number or literal (`42`, `null`) only ends when the tokener
    // sees something after it: feed the terminating NUL that C callers pass.
    let terminator: [CChar] = [0]
    object = json_tokener_parse_ex(tokener, terminator, 1)
    status = json_tokener_get_error(tokener)
    if status != json_tokener_success {
      if let object { json_object_put(object) }
      return .failure(offset: bytes.count, message: "unexpected end of input")
    }
  }
  let end = json_tokener_get_parse_end(tokener)
  if status == json_tokener_success {
    // A bare `null` parses to a nil object with success.
    return .success(JSONCObject(taking: object))
  }
  if let object { json_object_put(object) }
  if status == json_tokener_continue {
    return .failure(offset: bytes.count, message: "unexpected end of input")
  }
  return .failure(offset: end, message: String(cString: json_tokener_error_desc(status)))
}

enum JSONCKind { case null, bool, double, int, object, array, string }

func jsonc_kind(_ object: JSONCObject) -> JSONCKind { jsonc_kind(object.pointer) }

func jsonc_kind(_ pointer: OpaquePointer?) -> JSONCKind {
  switch json_object_get_type(pointer) {
  case json_type_boolean: return .bool
  case json_type_double: return .double
  case json_type_int: return .int
  case json_type_object: return .object
  case json_type_array: return .array
  case json_type_string: return .string
  default: return .null
  }
}

func jsonc_bool(_ pointer: OpaquePointer?) -> Bool { json_object_get_boolean(pointer) != 0 }

func jsonc_string(_ pointer: OpaquePointer?) -> String {
  let length = Int(json_object_get_string_len(pointer))
  guard let chars = json_object_get_string(pointer) else { return "" }
  return chars.withMemoryRebound(to: UInt8.self, capacity: length) {
    String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
  }
}

func jsonc_array_elements(_ pointer: OpaquePointer?) -> [OpaquePointer?] {
  let count = json_object_array_length(pointer)
  return (0..<count).map { json_object_array_get_idx(pointer, $0) }
}

/// Members in document order (json-c keeps insertion order).
func jsonc_object_members(_ pointer: OpaquePointer?) -> [(key: String, value: OpaquePointer?)] {
  var members: [(key: String, value: OpaquePointer?)] = []
  var iterator = json_object_iter_begin(pointer)
  var end = json_object_iter_end(pointer)
  while json_object_iter_equal(&iterator, &end) == 0 {
    let key = String(cString: json_object_iter_peek_name(&iterator))
    members.append((key, json_object_iter_peek_value(&iterator)))
    json_object_iter_next(&iterator)
  }
  return members
}

// MARK: - Writing

func jsonc_new_null() -> OpaquePointer? { nil }
func jsonc_new_bool(_ value: Bool) -> OpaquePointer? { json_object_new_boolean(value ? 1 : 0) }
func jsonc_new_int64(_ value: Int64) -> OpaquePointer? { json_object_new_int64(value) }
func jsonc_new_uint64(_ value: UInt64) -> OpaquePointer? { json_object_new_uint64(value) }

/// A number written exactly as `digits`, whatever its size: json-c keeps the
/// given text as the serialisation of the double.
func jsonc_new_number_text(_ approximation: Double, _ digits: String) -> OpaquePointer? {
  json_object_new_double_s(approximation, digits)
}

func jsonc_new_string(_ value: String) -> OpaquePointer? {
  var value = value
  return value.withUTF8 { utf8 in
    utf8.withMemoryRebound(to: CChar.self) {
      json_object_new_string_len($0.baseAddress, Int32(clamping: $0.count))
    }
  }
}

func jsonc_new_array(_ elements: [OpaquePointer?]) -> OpaquePointer? {
  let array = json_object_new_array_ext(Int32(clamping: elements.count))
  for element in elements { json_object_array_add(array, element) }
  return array
}

func jsonc_new_object(_ members: [(String, OpaquePointer?)]) -> OpaquePointer? {
  let object = json_object_new_object()
  for (key, value) in members { json_object_object_add(object, key, value) }
  return object
}

/// Serialises `pointer` (taking ownership) with two-space indentation.
func jsonc_serialize(_ pointer: OpaquePointer?, pretty: Bool) -> String {
  defer { json_object_put(pointer) }
  let flags =
    pretty
    ? (JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE)
    : (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)
  var length = 0
  guard let text = json_object_to_json_string_length(pointer, flags, &length) else { return "null" }
  return text.withMemoryRebound(to: UInt8.self, capacity: length) {
    String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
  }
}
