enum PagingTestSupportPlaceholder {}
