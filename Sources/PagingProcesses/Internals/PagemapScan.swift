// The PAGEMAP_SCAN ioctl's argument and result records, laid out as Linux's
// include/uapi/linux/fs.h declares `struct pm_scan_arg` and `struct
// page_region` (Linux 6.7 and later). Debian 12's kernel headers predate
// them, so Glibc does not export them and they are spelled here.

/// `struct pm_scan_arg`: twelve 64-bit fields, in the header's order.
struct PagemapScanArgument {
  var size: UInt64 = UInt64(MemoryLayout<PagemapScanArgument>.size)
  var flags: UInt64 = 0
  var start: UInt64
  var end: UInt64
  /// Where the kernel stopped; equal to `end` when the whole range was walked.
  var walkEnd: UInt64 = 0
  var vector: UInt64
  var vectorLength: UInt64
  var maxPages: UInt64 = 0
  var categoryInverted: UInt64 = 0
  var categoryMask: UInt64 = 0
  var categoryAnyOfMask: UInt64
  var returnMask: UInt64

  /// `_IOWR('f', 16, struct pm_scan_arg)`: direction read|write (3) in bits
  /// 31-30, the 96-byte size in bits 29-16, type 'f' in bits 15-8, number 16.
  static let request = UInt(3) << 30 | UInt(96) << 16 | UInt(UInt8(ascii: "f")) << 8 | 16
}

/// `struct page_region`: a run of pages with the same categories.
struct PageRegion {
  var start: UInt64 = 0
  var end: UInt64 = 0
  var categories: UInt64 = 0
}

/// The `PAGE_IS_*` category bits of the same header.
struct PageCategories: OptionSet {
  let rawValue: UInt64
  static let file = PageCategories(rawValue: 1 << 2)
  static let present = PageCategories(rawValue: 1 << 3)
  static let swapped = PageCategories(rawValue: 1 << 4)
  static let zeroPage = PageCategories(rawValue: 1 << 5)
  static let huge = PageCategories(rawValue: 1 << 6)
}
