//! The command line of SPEC §4, as clap declarations. Values that need checking (dates, money,
//! codes) are taken as text and checked by the core, so bad values exit 1 with a clear message.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "poskeeper", version, about = "POS管家 PosKeeper — payment terminals, SIM cards and their reminders")]
pub struct Cli {
    /// Database file (default: $POSKEEPER_DB, else the app's own database)
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub cmd: Cmd,
}

#[derive(Subcommand)]
pub enum Cmd {
    /// Create the database (or bring it up to date) and print its path
    Init,
    /// Write realistic sample data into an empty database
    Demo {
        #[arg(long, default_value_t = 20)]
        terminals: u64,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Payment terminals
    #[command(subcommand)]
    Terminal(TerminalCmd),
    /// SIM data cards
    #[command(subcommand)]
    Sim(SimCmd),
    /// Activation deposits
    #[command(subcommand)]
    Deposit(DepositCmd),
    /// Maintenance plans
    #[command(subcommand)]
    Maintenance(MaintenanceCmd),
    /// Repair tickets
    #[command(subcommand)]
    Repair(RepairCmd),
    /// Hotlines and addresses
    #[command(subcommand)]
    Contact(ContactCmd),
    /// What needs attention as of a date
    Reminders {
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Acknowledge reminders at their current urgency (several keys: all in one step, or none)
    Ack {
        #[arg(required = true, value_name = "KEY")]
        keys: Vec<String>,
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Hide reminders until a date (several keys: all in one step, or none)
    Snooze {
        #[arg(required = true, value_name = "KEY")]
        keys: Vec<String>,
        #[arg(long, value_name = "DATE")]
        until: String,
    },
    /// Show or change settings
    Settings { key: Option<String>, value: Option<String> },
    /// Import terminals, SIM cards and deposits from a spreadsheet (.csv .tsv .txt .xlsx)
    Import {
        file: PathBuf,
        /// Report what would happen; write nothing
        #[arg(long)]
        dry_run: bool,
        /// Import the good rows and list the bad ones (default: one bad row stops the import)
        #[arg(long)]
        skip_invalid: bool,
        /// The worksheet of an .xlsx file (default: the first)
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// Import the column HEADER into FIELD (repeatable), over the header rules: FIELD is a
        /// field code (sn, brand, model, kind, provider, merchant_no, terminal_no, store, status,
        /// activated_on, warranty_until, warranty_months, iccid, carrier, sim_status,
        /// sim_expires_on, sim_annual_fee, deposit_amount, deposit_deadline, notes) or - for not
        /// imported, e.g. --map '机具编号=sn' --map '卡号=iccid'. An import that is written
        /// remembers its mapping for files with the same headers
        #[arg(long = "map", value_name = "HEADER=FIELD")]
        map: Vec<String>,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
    },
    /// 费用与到期: the next 12 months of SIM fees and expiries, deposits' money, terminals by
    /// status and provider
    Outlook {
        /// The month to start from (its date; default today)
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
        /// Write it as an Excel workbook, one sheet per chart
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Export to a spreadsheet, a calendar feed or JSON
    Export {
        /// csv, xlsx, ics or json
        #[arg(long)]
        format: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// CSV/XLSX: only the terminals `terminal list --search` finds
        #[arg(long)]
        search: Option<String>,
        /// CSV/XLSX: only the terminals in this status (as `terminal list --status`)
        #[arg(long)]
        status: Option<String>,
    },
    /// Copy the database to a file (safe while the app is running); without --out or --to, into
    /// the backup folder (`settings backup_dir`, else backups/ beside the database)
    Backup {
        #[arg(long, value_name = "FILE", conflicts_with = "to")]
        out: Option<PathBuf>,
        /// A folder to write a dated backup in (a USB stick, a network folder)
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
    },
    /// Replace the database with a backup (the current one is backed up first)
    Restore { file: PathBuf },
    /// Check the database file for damage
    Check,
    /// Phone push channels: 企业微信, 钉钉 and 飞书 group robots, or a JSON webhook
    #[command(subcommand)]
    Channel(ChannelCmd),
    /// Photos, scans and PDFs kept with a terminal, SIM card, deposit or repair ticket
    #[command(subcommand)]
    Attachment(AttachmentCmd),
    /// Send the reminders due now to the phone channels, as the app does (for a scheduled task
    /// on a PC where the app is not running; the app and this share each channel's log)
    Push {
        /// Print what would be sent to each channel; send nothing
        #[arg(long)]
        dry_run: bool,
        /// With --dry-run: what would be sent on that date (a real push is always for now)
        #[arg(long, value_name = "DATE", requires = "dry_run")]
        as_of: Option<String>,
        /// Print each channel's outcome as JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum ChannelCmd {
    /// Add a channel; prints its ID
    Add {
        /// wecom (企业微信), dingtalk (钉钉), feishu (飞书) or webhook
        kind: String,
        /// The robot's webhook address, copied whole from its settings
        #[arg(long)]
        url: String,
        /// 钉钉 or 飞书: the robot's signing secret (加签); a webhook: sent as a bearer token
        #[arg(long)]
        secret: Option<String>,
        #[arg(long)]
        name: Option<String>,
    },
    /// The channels, their addresses (keys hidden) and how they fared
    List {
        #[arg(long)]
        json: bool,
    },
    /// Send a test message now and say exactly what went wrong, if anything
    Test { id: String },
    /// Remove a channel and its log
    Remove { id: String },
}

#[derive(Subcommand)]
pub enum AttachmentCmd {
    /// Attach a JPG, PNG or PDF (at most 20 MB); prints its ID
    Add {
        /// terminal, sim, deposit or repair
        owner: String,
        /// The terminal's SN, the SIM card's ICCID, or the deposit's or ticket's ID
        key: String,
        file: PathBuf,
        /// A photo larger than 2560 pixels is made smaller first
        #[arg(long)]
        downsize: bool,
        /// Repair tickets: the document this file is, ticked on the ticket (e.g. warranty_card)
        #[arg(long)]
        document: Option<String>,
    },
    /// What is attached to a terminal, SIM card, deposit or repair ticket
    List {
        owner: String,
        key: String,
        #[arg(long)]
        json: bool,
    },
    /// Write an attachment to a file
    Save {
        id: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Remove an attachment
    Remove { id: String },
}

#[derive(Args, Default)]
pub struct TerminalFields {
    #[arg(long)]
    pub brand: Option<String>,
    #[arg(long)]
    pub model: Option<String>,
    /// traditional, e_sign, smart, qr_box, other
    #[arg(long)]
    pub kind: Option<String>,
    #[arg(long)]
    pub provider: Option<String>,
    #[arg(long)]
    pub merchant_no: Option<String>,
    #[arg(long)]
    pub terminal_no: Option<String>,
    #[arg(long)]
    pub store: Option<String>,
    /// in_use, spare, in_repair, replaced, deregistered, lost
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long, value_name = "DATE")]
    pub acquired_on: Option<String>,
    #[arg(long, value_name = "DATE")]
    pub activated_on: Option<String>,
    #[arg(long, value_name = "DATE", conflicts_with = "warranty_months")]
    pub warranty_until: Option<String>,
    /// Warranty as months from the activation date
    #[arg(long, value_name = "N")]
    pub warranty_months: Option<String>,
    #[arg(long)]
    pub warranty_provider: Option<String>,
    #[arg(long)]
    pub warranty_terms: Option<String>,
    /// Days before the warranty end to remind (default: the setting)
    #[arg(long, value_name = "DAYS")]
    pub warranty_lead: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Subcommand)]
pub enum TerminalCmd {
    /// Add a terminal; prints its SN
    Add {
        #[arg(long)]
        sn: String,
        #[command(flatten)]
        fields: TerminalFields,
    },
    /// Change what is given
    Set {
        sn: String,
        #[command(flatten)]
        fields: TerminalFields,
    },
    List {
        /// Any part of an SN, ICCID, merchant, terminal or phone number (3+ characters; shorter: the start), or of a store, brand, model or provider
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Show {
        sn: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Default)]
pub struct SimFields {
    /// china_mobile, china_unicom, china_telecom, other
    #[arg(long)]
    pub carrier: Option<String>,
    #[arg(long)]
    pub msisdn: Option<String>,
    /// physical, embedded
    #[arg(long)]
    pub form: Option<String>,
    #[arg(long)]
    pub plan: Option<String>,
    #[arg(long, value_name = "MB")]
    pub quota_mb: Option<String>,
    /// Annual fee in yuan
    #[arg(long, value_name = "YUAN")]
    pub fee: Option<String>,
    /// merchant, provider
    #[arg(long)]
    pub paid_by: Option<String>,
    #[arg(long, value_name = "DATE")]
    pub activated_on: Option<String>,
    #[arg(long, value_name = "DATE")]
    pub expires_on: Option<String>,
    /// Days before expiry to remind (default: the setting)
    #[arg(long, value_name = "DAYS")]
    pub lead: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Subcommand)]
pub enum SimCmd {
    /// Add a SIM card; prints its ICCID
    Add {
        #[arg(long)]
        iccid: String,
        #[arg(long, value_name = "SN")]
        terminal: Option<String>,
        #[command(flatten)]
        fields: SimFields,
    },
    /// Change what is given
    Set {
        iccid: String,
        #[command(flatten)]
        fields: SimFields,
    },
    /// Put the card into a terminal
    Assign {
        iccid: String,
        #[arg(long, value_name = "SN")]
        terminal: String,
    },
    Cancel {
        iccid: String,
    },
    /// Record a renewal
    Renew {
        iccid: String,
        #[arg(long, value_name = "DATE")]
        until: String,
        #[arg(long, value_name = "YUAN")]
        fee: Option<String>,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    Show {
        iccid: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum DepositCmd {
    /// Record a deposit; prints its ID
    Add {
        sn: String,
        #[arg(long, value_name = "YUAN")]
        amount: String,
        #[arg(long, value_name = "DATE")]
        deadline: String,
        #[arg(long, value_name = "DATE")]
        paid_on: Option<String>,
        #[arg(long, value_name = "TEXT")]
        condition: Option<String>,
        /// Volume target in yuan
        #[arg(long, value_name = "YUAN")]
        target: Option<String>,
        #[arg(long, value_name = "DAYS")]
        lead: Option<String>,
    },
    Refunded {
        id: String,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    Forfeited {
        id: String,
    },
}

#[derive(Subcommand)]
pub enum MaintenanceCmd {
    /// Add a plan for one terminal or all in use; prints the plan ID(s)
    Add {
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        sn: Option<String>,
        #[arg(long)]
        all: bool,
        /// clean, paper, software_update, inspect_cables, backup, or your own words
        #[arg(long)]
        task: String,
        /// Nd, Nw or Nm
        #[arg(long)]
        every: String,
        #[arg(long, value_name = "DATE")]
        starts_on: Option<String>,
        /// fixed or from_completion
        #[arg(long, default_value = "from_completion")]
        mode: String,
        #[arg(long, value_name = "DAYS")]
        lead: Option<String>,
    },
    /// Log a completion; prints the next due date
    Done {
        id: String,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum RepairCmd {
    /// Open a ticket; prints its ID
    Open {
        sn: String,
        #[arg(long)]
        fault: String,
        #[arg(long, value_name = "DATE")]
        opened_on: Option<String>,
        #[arg(long)]
        ticket_no: Option<String>,
        #[arg(long)]
        agent: Option<String>,
        #[arg(long, value_name = "NAME")]
        contact: Option<String>,
        #[arg(long)]
        channel: Option<String>,
        #[arg(long, value_name = "DATE")]
        expected_back: Option<String>,
        #[arg(long)]
        description: Option<String>,
        #[arg(long, value_name = "yes|no")]
        under_warranty: Option<String>,
    },
    Update {
        id: String,
        #[arg(long)]
        status: Option<String>,
        #[arg(long, value_name = "DATE")]
        expected_back: Option<String>,
        #[arg(long)]
        ticket_no: Option<String>,
        #[arg(long)]
        agent: Option<String>,
        #[arg(long, value_name = "NAME")]
        contact: Option<String>,
        #[arg(long)]
        channel: Option<String>,
        #[arg(long)]
        description: Option<String>,
        #[arg(long, value_name = "YUAN")]
        cost: Option<String>,
        #[arg(long, value_name = "yes|no")]
        under_warranty: Option<String>,
        /// A document brought (repeatable): business_licence, id_card, purchase_proof, warranty_card
        #[arg(long = "doc", value_name = "ITEM")]
        docs: Vec<String>,
        /// A post-repair test passed (repeatable): card_swipe, chip_insert, contactless_tap, pin_entry, qr_scan, receipt_print, network, settlement
        #[arg(long = "passed", value_name = "TEST")]
        passed: Vec<String>,
        /// A deregistration step done (repeatable)
        #[arg(long = "dereg", value_name = "STEP")]
        dereg: Vec<String>,
    },
    Close {
        id: String,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        #[arg(long)]
        result: Option<String>,
        #[arg(long, value_name = "DATE")]
        warranty_until: Option<String>,
        /// The new terminal: a spare one, or a new SN (which is created, in use)
        #[arg(long, value_name = "SN")]
        replaced_by: Option<String>,
        #[arg(long, value_name = "YUAN")]
        cost: Option<String>,
        /// With --replaced-by: the new terminal takes the old one's provider, merchant and terminal numbers and store
        #[arg(long)]
        inherit: bool,
        /// With --replaced-by: the old SIM card moves to the new terminal (move) or is cancelled (cancel)
        #[arg(long, value_name = "move|cancel")]
        sim: Option<String>,
        /// With --replaced-by: a deregistration step already done (repeatable)
        #[arg(long = "dereg", value_name = "STEP")]
        dereg: Vec<String>,
    },
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Open tickets
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum ContactCmd {
    /// Add a contact; prints its ID
    Add {
        #[arg(long)]
        name: String,
        /// bank, payment_company, manufacturer, carrier, repair_centre, third_party_repair, other
        #[arg(long)]
        kind: String,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        hours: Option<String>,
        #[arg(long)]
        website: Option<String>,
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        notes: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Link a contact to a terminal
    Link {
        name: String,
        #[arg(long, value_name = "SN")]
        terminal: String,
    },
}
