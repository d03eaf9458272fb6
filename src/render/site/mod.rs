//! The review site (in progress).
