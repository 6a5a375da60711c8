; Windows installer (NSIS 3) of the QKD Rollout Planner, built from the PyInstaller bundle folder:
;
;   makensis -DAPP_DIR=<absolute path of the folder with qkd-planner.exe> -DVERSION=<x.y.z> ^
;            -DOUT_FILE=<setup.exe> packaging\windows\installer.nsi
;
; Optional: -DVERSION_QUAD=a.b.c.d (numeric file version when VERSION is not plain x.y.z).
; Relative paths in the defines are taken from this script's folder (makensis changes into it).
;
; Installs for the current user (%LOCALAPPDATA%\Programs, no administrator rights) or for all
; users (Program Files, elevated); choose on the first page or with /CurrentUser or /AllUsers on
; the command line (/S for silent, /D=<folder> for the folder). It adds a Start-menu shortcut,
; the .qkdplan file type (open with the planner, own icon), an "Apps & features" entry and an
; uninstaller. The user's settings (registry HKCU\Software\qkd-planner) are left in place.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

; ---- defines from the command line ---------------------------------------------------------------
!define USAGE "makensis -DAPP_DIR=<folder with qkd-planner.exe> -DVERSION=<x.y.z> -DOUT_FILE=<setup.exe> installer.nsi"
!ifndef APP_DIR
  !error "APP_DIR is not defined. Usage: ${USAGE}"
!endif
!ifndef VERSION
  !error "VERSION is not defined. Usage: ${USAGE}"
!endif
!ifndef OUT_FILE
  !error "OUT_FILE is not defined. Usage: ${USAGE}"
!endif
!if ! /FileExists "${APP_DIR}\qkd-planner.exe"
  !error "APP_DIR=${APP_DIR} does not hold qkd-planner.exe (build the bundle with PyInstaller first)"
!endif
!ifndef VERSION_QUAD
  !searchparse /noerrors "${VERSION}." "" V_MAJOR "." V_MINOR "." V_PATCH "."
  !ifndef V_MAJOR
    !error "VERSION=${VERSION} is not x.y.z: pass -DVERSION_QUAD=a.b.c.d as well"
  !endif
  !define /IfNDef V_MINOR ""
  !define /IfNDef V_PATCH ""
  !if "${V_MINOR}" == ""
    !define /redef V_MINOR 0
  !endif
  !if "${V_PATCH}" == ""
    !define /redef V_PATCH 0
  !endif
  ; Numeric parts only: 1.2.0rc1 gives the file version 1.2.0.0 (the text version stays 1.2.0rc1).
  !define /math V_MAJOR_N ${V_MAJOR} + 0
  !define /math V_MINOR_N ${V_MINOR} + 0
  !define /math V_PATCH_N ${V_PATCH} + 0
  !if "${V_MAJOR_N}" != "${V_MAJOR}"
    !error "VERSION=${VERSION} does not start with a number: pass -DVERSION_QUAD=a.b.c.d as well"
  !endif
  !define VERSION_QUAD "${V_MAJOR_N}.${V_MINOR_N}.${V_PATCH_N}.0"
!endif

; ---- names ---------------------------------------------------------------------------------------
!define APP_NAME "QKD Rollout Planner"
!define APP_EXE "qkd-planner.exe"
!define PUBLISHER "QKD Rollout Planner project"
!define REG_KEY "Software\QKD Rollout Planner"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\QKDRolloutPlanner"
!define PROGID "QKDRolloutPlanner.Plan"
!define SHORTCUT "$SMPROGRAMS\${APP_NAME}.lnk"

Name "${APP_NAME}"
OutFile "${OUT_FILE}"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION_QUAD}"
VIFileVersion "${VERSION_QUAD}"

; ---- per-user or per-machine (MultiUser) ---------------------------------------------------------
!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "${APP_NAME}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${REG_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallDir"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${REG_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"
!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include x64.nsh

; ---- pages ---------------------------------------------------------------------------------------
!define MUI_ICON "qkd-planner.ico"
!define MUI_UNICON "qkd-planner.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "SimpChinese"

VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${APP_NAME} ${VERSION} setup"
VIAddVersionKey /LANG=${LANG_ENGLISH} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "Apache-2.0"

; ---- install -------------------------------------------------------------------------------------
Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "${APP_NAME} needs a 64-bit Windows."
    Abort
  ${EndIf}
  SetRegView 64
  ; MultiUser sets the default folder of the chosen mode; a folder given with /D= wins.
  StrCpy $0 $INSTDIR
  !insertmacro MULTIUSER_INIT
  ${If} $0 != ""
    StrCpy $INSTDIR $0
  ${EndIf}
FunctionEnd

Section "${APP_NAME}" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An update replaces the previous bundle completely (no stale libraries left behind).
  RMDir /r "$INSTDIR\_internal"
  File /r "${APP_DIR}\*.*"
  File "qkdplan-file.ico"
  WriteUninstaller "$INSTDIR\Uninstall.exe"

  CreateShortcut "${SHORTCUT}" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  ; .qkdplan files: SHCTX is HKCU\Software\Classes for a per-user install, HKLM for all users.
  WriteRegStr SHCTX "Software\Classes\.qkdplan" "" "${PROGID}"
  WriteRegStr SHCTX "Software\Classes\.qkdplan" "Content Type" "application/x-qkdplan"
  WriteRegStr SHCTX "Software\Classes\.qkdplan\OpenWithProgids" "${PROGID}" ""
  WriteRegStr SHCTX "Software\Classes\${PROGID}" "" "QKD rollout plan"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\qkdplan-file.ico"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" "%1"'
  WriteRegStr SHCTX "Software\Classes\Applications\${APP_EXE}\SupportedTypes" ".qkdplan" ""
  WriteRegStr SHCTX "Software\Microsoft\Windows\CurrentVersion\App Paths\${APP_EXE}" "" "$INSTDIR\${APP_EXE}"

  ; Where and how it was installed (read back by the uninstaller and by the next update).
  WriteRegStr SHCTX "${REG_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr SHCTX "${REG_KEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${REG_KEY}" "Version" "${VERSION}"

  ; "Apps & features" entry.
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr SHCTX "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINST_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD SHCTX "${UNINST_KEY}" "EstimatedSize" "$0"

  ; Tell Explorer that file associations changed (SHCNE_ASSOCCHANGED).
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

; ---- uninstall -----------------------------------------------------------------------------------
Function un.onInit
  SetRegView 64
  !insertmacro MULTIUSER_UNINIT
FunctionEnd

Section "Uninstall"
  Delete "${SHORTCUT}"

  ; The extension keeps pointing elsewhere if another program took it over since.
  ReadRegStr $0 SHCTX "Software\Classes\.qkdplan" ""
  ${If} $0 == "${PROGID}"
    DeleteRegValue SHCTX "Software\Classes\.qkdplan" ""
    DeleteRegValue SHCTX "Software\Classes\.qkdplan" "Content Type"
  ${EndIf}
  DeleteRegValue SHCTX "Software\Classes\.qkdplan\OpenWithProgids" "${PROGID}"
  DeleteRegKey /ifempty SHCTX "Software\Classes\.qkdplan\OpenWithProgids"
  DeleteRegKey /ifempty SHCTX "Software\Classes\.qkdplan"
  DeleteRegKey SHCTX "Software\Classes\${PROGID}"
  DeleteRegKey SHCTX "Software\Classes\Applications\${APP_EXE}"
  DeleteRegKey SHCTX "Software\Microsoft\Windows\CurrentVersion\App Paths\${APP_EXE}"
  DeleteRegKey SHCTX "${UNINST_KEY}"
  DeleteRegKey SHCTX "${REG_KEY}"

  ; Only what the installer put there: the bundle (executables + _internal), the icon, the
  ; uninstaller. The folder itself goes only when nothing else is left in it.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\qkd-planner.exe"
  Delete "$INSTDIR\qkd-planner-cli.exe"
  Delete "$INSTDIR\qkdplan-file.ico"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"

  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
