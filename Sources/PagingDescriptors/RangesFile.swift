import PagingCore
import PagingJSON

/// Reads a set of virtual-address ranges for `paging footprint --ranges`:
///
///     [ { "start": "0x400000", "size": "2MiB" },
///       { "start": "0x7fffffe00000", "end": "0x800000000000" } ]
///
/// Addresses are pointers as the program sees them (canonical for x86-64);
/// each range is checked against the architecture where it is written.
public enum RangesFile {
  /// The ranges in `text`, translated and checked for `architecture`, in the order written.
  ///
  /// Each range gives `start` and exactly one of `size` and `end`, as quantities ("0x400000", "2MiB"); see
  /// `PagingCore`'s `Quantity.parse(_:)` for the forms accepted.
  ///
  /// - Parameters:
  ///   - text: The whole file, a JSON array of ranges.
  ///   - source: The name errors give the file, usually its path.
  ///   - architecture: The architecture whose address space the ranges must lie in.
  /// - Throws: ``InputError/located(_:)`` at the field at fault: a malformed quantity, both or neither of `size` and
  ///   `end`, an end before its start, a start the architecture cannot use, or a range that runs past the address
  ///   space or into the non-canonical hole.
  public static func decode(text: String, source: String, architecture: Architecture) throws(InputError)
    -> [AddressRange]
  {
    do {
      let document = try JSONDocument(parsing: text, source: source)
      return try document.rootField.array().map { field throws(JSONInputError) in
        let object = try field.object()
        let startField = try object.required("start")
        let start = try startField.quantity(expecting: "an address such as \"0x400000\"")
        let length: UInt128
        let lengthField: JSONField
        switch (object.optional("size"), object.optional("end")) {
        case (let size?, nil):
          length = try size.quantity(expecting: "a size such as \"2MiB\"")
          lengthField = size
        case (nil, let end?):
          let endValue = try end.quantity(expecting: "an address such as \"0x600000\"")
          guard endValue >= start else { throw end.error("ends before its start \(formatHex(start))") }
          length = endValue - start
          lengthField = end
        default:
          throw field.error("needs exactly one of size and end")
        }
        try object.rejectUnknownKeys()
        // A start the architecture cannot hold is the start's fault; a range
        // that runs past the space or into the hole is the size's (or end's).
        do throws(AddressError) {
          _ = try architecture.translatedRange(start: start, length: 0)
        } catch {
          throw startField.error(error.message)
        }
        do throws(AddressError) {
          return try architecture.translatedRange(start: start, length: length)
        } catch {
          throw lengthField.error(error.message)
        }
      }
    } catch {
      throw .located(error)
    }
  }
}
