//! How the closed vocabularies of SPEC §2 are stored: each value as its snake_case code (TEXT),
//! read back through the vocabulary's own parser, so a stored value is checked like a typed one.

use crate::domain::{
    Carrier, ChannelKind, ContactKind, DepositStatus, FileKind, MaintenanceMode, Payer, ReminderKind, RepairChannel,
    RepairFault, RepairStatus, SimForm, SimStatus, TerminalKind, TerminalStatus, Urgency,
};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

macro_rules! stored_as_code {
    ($($name:ident),+ $(,)?) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(self.code().into())
            }
        }

        impl FromSql for $name {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
                let s = v.as_str()?;
                Self::parse(s).map_err(|e| FromSqlError::Other(Box::new(e)))
            }
        }
    )+};
}

stored_as_code!(
    ChannelKind,
    FileKind,
    TerminalKind,
    TerminalStatus,
    Carrier,
    SimForm,
    SimStatus,
    Payer,
    ContactKind,
    DepositStatus,
    MaintenanceMode,
    RepairFault,
    RepairChannel,
    RepairStatus,
    ReminderKind,
    Urgency,
);
