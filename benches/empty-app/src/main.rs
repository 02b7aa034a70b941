fn main() {
    if let Err(e) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
