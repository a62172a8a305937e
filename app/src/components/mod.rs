pub mod field;
pub mod layout;

pub use field::*;
pub use layout::*;
