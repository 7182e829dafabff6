/// The process snapshots shipped in `Snapshots/`, embedded at build time
/// like the built-in descriptors, so the report's "real processes" section
/// can be made wherever the binary is copied. PagingProcesses decodes them.
public enum BuiltinSnapshotFiles {
  /// Each file's path under the package (`Snapshots/bash.json`) and text, sorted by name.
  public static var files: [(name: String, text: String)] { BuiltinSnapshotTexts.files }
}
