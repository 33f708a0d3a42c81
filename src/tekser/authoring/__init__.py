"""What an author runs to package a source: anchoring quotes, a new package, the scan of its
numbers, drafts."""
