pub mod field;
pub mod layout;
pub mod places;

pub use field::*;
pub use layout::*;
pub use places::*;
