; POS管家 (PosKeeper) for Windows 10/11 x64: a per-user install, no administrator rights.
; Hand-written for Debian's makensis (scripts/windows/installer.sh builds it): Tauri's own NSIS
; bundler downloads its plugins while bundling, which cannot happen offline. Only the plugins that
; ship with NSIS are used (System, nsDialogs).
;
; Defines (makensis -D…): VERSION (0.1.0), SRCDIR (poskeeper-app.exe, poskeeper.exe,
; WebView2Loader.dll), ICON (.ico), PNG (the icon Windows shows in toasts), OUTFILE,
; COMPRESSOR (lzma for releases; none for the test build, whose debug binaries only Wine installs).
;
; The user's data (database, backups) lives in %APPDATA%\com.poskeeper.app and is never
; touched by installing or upgrading; uninstalling keeps it unless the user ticks its removal.

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
!ifndef COMPRESSOR
  !define COMPRESSOR lzma
!endif
!if "${COMPRESSOR}" == "none"
  SetCompress off
!else
  SetCompressor /SOLID ${COMPRESSOR}
!endif

!define PRODUCT "PosKeeper"
!define DISPLAY_NAME "POS管家"
; Tauri's bundle identifier (tauri.conf.json): it names the data folder, and it is the
; AppUserModelID the notification plugin sends toasts with; the shortcuts carry the same.
!define IDENTIFIER "com.poskeeper.app"
!define APP_EXE "poskeeper-app.exe"
!define CLI_EXE "poskeeper.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT}"
!define AUMID_KEY "Software\Classes\AppUserModelId\${IDENTIFIER}"
; The autostart plugin's entry (named after the product name in tauri.conf.json).
!define RUN_KEY "Software\Microsoft\Windows\CurrentVersion\Run"
!define RUN_VALUE "poskeeper"
; The Evergreen WebView2 runtime's client GUID (Microsoft's documented detection key).
!define WEBVIEW2_GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define WEBVIEW2_PAGE "https://developer.microsoft.com/microsoft-edge/webview2/"
!define START_LNK "$SMPROGRAMS\${DISPLAY_NAME}.lnk"
!define DESKTOP_LNK "$DESKTOP\${DISPLAY_NAME}.lnk"

Name "${DISPLAY_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${DISPLAY_NAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${DISPLAY_NAME} (${PRODUCT})"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${DISPLAY_NAME} ${VERSION} setup"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT"

!include MUI2.nsh
!include LogicLib.nsh
!include nsDialogs.nsh
!include WinMessages.nsh
!include FileFunc.nsh
!include StrFunc.nsh
${StrStr}
${UnStrStr}
${UnStrRep}

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
UninstPage custom un.DataPageCreate un.DataPageLeave
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the one a Windows in neither language gets (Traditional Chinese included).
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString SecApp ${LANG_SIMPCHINESE} "POS管家（程序和命令行工具 poskeeper）"
LangString SecApp ${LANG_ENGLISH} "PosKeeper (the app and the poskeeper command line)"
LangString SecDesktop ${LANG_SIMPCHINESE} "桌面快捷方式"
LangString SecDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString SecPath ${LANG_SIMPCHINESE} "把命令行工具 poskeeper 加入 PATH"
LangString SecPath ${LANG_ENGLISH} "Add the poskeeper command line to PATH"
LangString AppRunning ${LANG_SIMPCHINESE} "POS管家正在运行。请在任务栏右下角的 POS管家 图标上点右键，选“退出”，然后点“重试”。"
LangString AppRunning ${LANG_ENGLISH} "PosKeeper is running. Right-click its icon at the bottom right of the taskbar, choose Quit, then click Retry."
LangString PathTooLong ${LANG_SIMPCHINESE} "你的 PATH 太长，安装程序没有改动它。需要在命令行使用 poskeeper 时，请手动把 $INSTDIR 加入 PATH。"
LangString PathTooLong ${LANG_ENGLISH} "Your PATH is too long for the installer to change it safely; it was left as it is. To use poskeeper on the command line, add $INSTDIR to PATH yourself."
LangString WebView2Missing ${LANG_SIMPCHINESE} "POS管家 的窗口需要 Microsoft Edge WebView2 运行时，这台电脑上还没有安装。$\r$\n$\r$\nWindows 11 和已更新的 Windows 10 都自带它。请打开$\r$\n${WEBVIEW2_PAGE}$\r$\n下载并安装“常青版引导程序”（Evergreen Bootstrapper），然后再打开 POS管家。$\r$\n$\r$\n现在打开这个下载页面吗？（POS管家 会照常安装完成。）"
LangString WebView2Missing ${LANG_ENGLISH} "PosKeeper's window needs the Microsoft Edge WebView2 Runtime, which is not installed on this PC.$\r$\n$\r$\nWindows 11 and an updated Windows 10 have it. Open$\r$\n${WEBVIEW2_PAGE}$\r$\nand install the Evergreen Bootstrapper, then start PosKeeper.$\r$\n$\r$\nOpen that page now? (PosKeeper will be installed either way.)"
LangString DataTitle ${LANG_SIMPCHINESE} "你的数据"
LangString DataTitle ${LANG_ENGLISH} "Your data"
LangString DataSubtitle ${LANG_SIMPCHINESE} "卸载时默认保留数据"
LangString DataSubtitle ${LANG_ENGLISH} "Uninstalling keeps your data unless you choose otherwise"
LangString DataText ${LANG_SIMPCHINESE} "你的终端、流量卡、提醒记录和备份保存在$\r$\n$APPDATA\${IDENTIFIER}$\r$\n默认会保留下来，以后重新安装 POS管家 还能接着用。"
LangString DataText ${LANG_ENGLISH} "Your terminals, SIM cards, reminder history and backups are kept in$\r$\n$APPDATA\${IDENTIFIER}$\r$\nThey stay there, so a later install of PosKeeper picks them up again."
LangString DataRemove ${LANG_SIMPCHINESE} "同时删除我的数据和所有备份（无法恢复）"
LangString DataRemove ${LANG_ENGLISH} "Also delete my data and every backup (cannot be undone)"
LangString DataConfirm ${LANG_SIMPCHINESE} "确定要删除所有数据和备份吗？删除后无法恢复。"
LangString DataConfirm ${LANG_ENGLISH} "Delete all data and backups? This cannot be undone."

Var DeleteData
Var DeleteDataBox

; A line in $INSTDIR\install.log: what the steps that can fail quietly did (for support).
!macro Log text
  FileOpen $9 "$INSTDIR\install.log" a
  FileSeek $9 0 END
  FileWriteUTF16LE $9 "${text}$\r$\n"
  FileClose $9
  DetailPrint "${text}"
!macroend

Function .onInit
  SetShellVarContext current
FunctionEnd

; Waits until the running app is closed (a running .exe cannot be replaced or removed).
!macro WaitForAppClosed un
Function ${un}WaitForAppClosed
  retry:
  ${If} ${FileExists} "$INSTDIR\${APP_EXE}"
    ClearErrors
    Delete "$INSTDIR\${APP_EXE}"
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(AppRunning)" /SD IDCANCEL IDRETRY retry
      SetErrorLevel 2
      Quit
    ${EndIf}
  ${EndIf}
FunctionEnd
!macroend
!insertmacro WaitForAppClosed ""
!insertmacro WaitForAppClosed "un."

; Gives the shortcut on the stack the app's AppUserModelID (PKEY_AppUserModel_ID through the
; shell link's IPropertyStore): Windows shows a toast with the app's name and icon only when a
; Start-menu shortcut carries the ID the toast is sent with.
Function SetShortcutAumid
  Exch $0
  Push $1
  Push $2
  Push $3
  Push $4
  Push $5
  Push $6
  StrCpy $4 "no shell link"
  ; CLSID_ShellLink, IID_IShellLinkW
  System::Call 'ole32::CoCreateInstance(g "{00021401-0000-0000-C000-000000000046}", p 0, i 1, g "{000214F9-0000-0000-C000-000000000046}", *p .r1) i .r4'
  ${If} $4 = 0
    ; IID_IPersistFile; Load(path, STGM_READWRITE)
    System::Call '$1->0(g "{0000010b-0000-0000-C000-000000000046}", *p .r2) i .r4'
    ${If} $4 = 0
      System::Call '$2->5(w r0, i 2) i .r4'
      ${If} $4 = 0
        ; IID_IPropertyStore
        System::Call '$1->0(g "{886D8EEB-8CF2-4446-8D02-CDBA1DBDCF99}", *p .r3) i .r4'
        ${If} $4 = 0
          ; PROPERTYKEY {9F4C2855-9F79-4B39-A8D0-E1D42DE1D5F3}, 5 and a PROPVARIANT of type
          ; VT_LPWSTR (31) pointing at the ID.
          System::Call '*(&g16 "{9F4C2855-9F79-4B39-A8D0-E1D42DE1D5F3}", i 5) p .r5'
          System::Call '*(&i2 31, &i2 0, &i2 0, &i2 0, w "${IDENTIFIER}") p .r6'
          System::Call '$3->6(p r5, p r6) i .r4'
          ${If} $4 = 0
            System::Call '$3->7() i .r4'
            ${If} $4 = 0
              ; IPersistFile::Save(NULL, TRUE)
              System::Call '$2->6(p 0, i 1) i .r4'
            ${EndIf}
          ${EndIf}
          System::Free $5
          System::Free $6
          System::Call '$3->2()'
        ${EndIf}
      ${EndIf}
      System::Call '$2->2()'
    ${EndIf}
    System::Call '$1->2()'
  ${EndIf}
  !insertmacro Log "AppUserModelID ${IDENTIFIER} on $0: $4"
  Pop $6
  Pop $5
  Pop $4
  Pop $3
  Pop $2
  Pop $1
  Pop $0
FunctionEnd

; Tells the user where to get WebView2 when neither the per-machine nor the per-user Evergreen
; runtime is registered.
Function CheckWebView2
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    !insertmacro Log "WebView2 runtime: missing"
    MessageBox MB_YESNO|MB_ICONEXCLAMATION "$(WebView2Missing)" /SD IDNO IDNO +2
    ExecShell "open" "${WEBVIEW2_PAGE}"
  ${Else}
    !insertmacro Log "WebView2 runtime: $0"
  ${EndIf}
FunctionEnd

Section "!$(SecApp)" SecApp
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  Call WaitForAppClosed
  Delete "$INSTDIR\install.log"
  File "${SRCDIR}\${APP_EXE}"
  File "${SRCDIR}\${CLI_EXE}"
  File "${SRCDIR}\WebView2Loader.dll"
  File /oname=poskeeper.ico "${ICON}"
  File /oname=poskeeper.png "${PNG}"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  !insertmacro Log "${DISPLAY_NAME} ${VERSION} in $INSTDIR"

  ; Start menu, with the ID toasts are sent with; and the same ID registered with its name and
  ; icon, which Windows 10/11 use for the toast's header.
  CreateShortcut "${START_LNK}" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0 SW_SHOWNORMAL "" "${DISPLAY_NAME}"
  Push "${START_LNK}"
  Call SetShortcutAumid
  WriteRegStr HKCU "${AUMID_KEY}" "DisplayName" "${DISPLAY_NAME}"
  WriteRegStr HKCU "${AUMID_KEY}" "IconUri" "$INSTDIR\poskeeper.png"

  ; Apps & features
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${DISPLAY_NAME} (${PRODUCT})"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PRODUCT}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0

  Call CheckWebView2
SectionEnd

Section "$(SecDesktop)" SecDesktop
  SetShellVarContext current
  CreateShortcut "${DESKTOP_LNK}" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0 SW_SHOWNORMAL "" "${DISPLAY_NAME}"
  Push "${DESKTOP_LNK}"
  Call SetShortcutAumid
SectionEnd

; The user's PATH (HKCU\Environment), so `poskeeper` works in a new command prompt. NSIS strings
; hold 1024 characters: a longer PATH would come back cut, so it is left alone and the user told.
Section "$(SecPath)" SecPath
  ReadRegStr $0 HKCU "Environment" "Path"
  StrLen $1 $0
  ${If} $1 > 900
    !insertmacro Log "PATH: too long ($1 characters), not changed"
    MessageBox MB_OK|MB_ICONINFORMATION "$(PathTooLong)" /SD IDOK
  ${Else}
    ${StrStr} $2 ";$0;" ";$INSTDIR;"
    ${If} $2 != ""
      !insertmacro Log "PATH: already holds $INSTDIR"
    ${Else}
      ${If} $0 == ""
        StrCpy $0 "$INSTDIR"
      ${Else}
        StrCpy $0 "$0;$INSTDIR"
      ${EndIf}
      WriteRegExpandStr HKCU "Environment" "Path" "$0"
      SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
      !insertmacro Log "PATH: added $INSTDIR"
    ${EndIf}
  ${EndIf}
SectionEnd

Function un.onInit
  SetShellVarContext current
  StrCpy $DeleteData 0
  ; `uninstall.exe /S /DELETEDATA` removes the data too (for scripts); without it, it stays.
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/DELETEDATA" $1
  ${IfNot} ${Errors}
    StrCpy $DeleteData 1
  ${EndIf}
FunctionEnd

Function un.DataPageCreate
  !insertmacro MUI_HEADER_TEXT "$(DataTitle)" "$(DataSubtitle)"
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateLabel} 0 0 100% 60u "$(DataText)"
  Pop $0
  ${NSD_CreateCheckbox} 0 70u 100% 14u "$(DataRemove)"
  Pop $DeleteDataBox
  ${If} $DeleteData = 1
    ${NSD_Check} $DeleteDataBox
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function un.DataPageLeave
  ${NSD_GetState} $DeleteDataBox $0
  ${If} $0 = ${BST_CHECKED}
    MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "$(DataConfirm)" IDYES +2
    Abort
    StrCpy $DeleteData 1
  ${Else}
    StrCpy $DeleteData 0
  ${EndIf}
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  Call un.WaitForAppClosed
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\poskeeper.ico"
  Delete "$INSTDIR\poskeeper.png"
  Delete "$INSTDIR\install.log"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "${START_LNK}"
  Delete "${DESKTOP_LNK}"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "${AUMID_KEY}"
  DeleteRegValue HKCU "${RUN_KEY}" "${RUN_VALUE}"
  DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run" "${RUN_VALUE}"

  ; Take the install folder out of the user's PATH (left alone when too long to read whole).
  ReadRegStr $0 HKCU "Environment" "Path"
  StrLen $1 $0
  ${If} $1 <= 900
    ${UnStrStr} $2 ";$0;" ";$INSTDIR;"
    ${If} $2 != ""
      ${UnStrRep} $0 ";$0;" ";$INSTDIR;" ";"
      ; the separators added around it above
      StrCpy $0 $0 "" 1
      StrCpy $0 $0 -1
      ${If} $0 == ""
        DeleteRegValue HKCU "Environment" "Path"
      ${Else}
        WriteRegExpandStr HKCU "Environment" "Path" "$0"
      ${EndIf}
      SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
    ${EndIf}
  ${EndIf}

  ${If} $DeleteData = 1
    RMDir /r "$APPDATA\${IDENTIFIER}"
    RMDir /r "$LOCALAPPDATA\${IDENTIFIER}"
    DetailPrint "Removed $APPDATA\${IDENTIFIER}"
  ${Else}
    DetailPrint "Kept $APPDATA\${IDENTIFIER}"
  ${EndIf}
SectionEnd
