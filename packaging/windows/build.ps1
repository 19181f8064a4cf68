<#
.SYNOPSIS
    Builds the Windows installer from a checkout.

.DESCRIPTION
    From the repository root, whatever folder it is started in:

      dist\<program>\                         the one-folder app, runnable in place
      dist\<program>-<version>-setup.exe      what a volunteer downloads

    Steps: a build environment (.venv-package), the app's icon, PyInstaller, the smoke test
    on <program>-cli.exe, then Inno Setup. Any failing step stops the build.

    powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
    powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 -ProductName "Group planner"

    Environment (all optional):
      PRODUCT_NAME               as -ProductName: a neutral name (packaging/README.md)
      BASE_PYTHON                the Python 3.11 that makes .venv-package (default: py -3.11)
      WINDOWS_SIGN_CERT          a code-signing certificate (.pfx) ...
      WINDOWS_SIGN_PASSWORD      ... and its password: both programs and the installer are signed
      WINDOWS_SIGN_THUMBPRINT    instead of the two above: a certificate already in the
                                 Windows certificate store (for example on a USB token)
      WINDOWS_SIGN_TIMESTAMP_URL the time-stamping service (default DigiCert's)

.PARAMETER ProductName
    A neutral name to build under, e.g. "Group planner". Empty: the app's own name.
#>
param(
    [string]$ProductName = $env:PRODUCT_NAME
)

# Works in Windows PowerShell 5.1 (what Windows has) and PowerShell 7.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# Runs the programs in $Command and stops the build if the last one failed: a program's
# failure shows only in its exit code, which PowerShell does not act on. What programs write
# to stderr is their log, not a failure: Windows PowerShell would otherwise stop on the first
# such line whenever the build's output is redirected to a file.
function Invoke-Step([string]$Step, [scriptblock]$Command) {
    $ErrorActionPreference = 'Continue'
    & $Command
    if ($LASTEXITCODE -ne 0) {
        throw "$Step failed (exit code $LASTEXITCODE)."
    }
}

function Find-Program([string]$Name, [string[]]$Candidates) {
    $onPath = Get-Command $Name -CommandType Application -ErrorAction SilentlyContinue |
        Select-Object -First 1
    if ($onPath) {
        return $onPath.Path
    }
    foreach ($candidate in $Candidates) {
        if ($candidate -and (Test-Path $candidate)) {
            return $candidate
        }
    }
    return $null
}

$Root = Resolve-Path (Join-Path $PSScriptRoot '..\..')
Push-Location $Root
try {
    $env:PRODUCT_NAME = $ProductName  # the spec reads it

    # --- The build tools, in their own virtual environment --------------------------------
    $Venv = Join-Path $Root '.venv-package'
    $Python = Join-Path $Venv 'Scripts\python.exe'
    if (-not (Test-Path $Python)) {
        if ($env:BASE_PYTHON) {
            $base = @($env:BASE_PYTHON)
        } elseif (Get-Command py -ErrorAction SilentlyContinue) {
            $base = @('py', '-3.11')  # the launcher python.org's installer adds
        } else {
            $base = @('python')
        }
        $baseArgs = @($base | Select-Object -Skip 1)
        $check = 'import sys; sys.exit(sys.version_info < (3, 11))'
        try {
            Invoke-Step 'Finding Python 3.11' { & $base[0] @baseArgs -c $check }
        } catch {
            throw "$($base -join ' ') is not Python 3.11 or later. Install Python 3.11 from python.org, or set BASE_PYTHON."
        }
        Invoke-Step 'Making .venv-package' { & $base[0] @baseArgs -m venv $Venv }
    }
    Invoke-Step 'Updating pip' { & $Python -m pip install --quiet --upgrade pip }
    Invoke-Step 'Installing the build tools' {
        & $Python -m pip install --quiet -c constraints.txt '.[package]'
    }

    # The name, program, data folder and version this build goes by (facilitator_app/product.py).
    # The code goes in on standard input: Windows PowerShell mangles quotes in arguments.
    $describe = @'
import json, os
from facilitator_app import __version__
from facilitator_app.product import OWN_NAME, neutral_product

chosen = os.environ.get("PRODUCT_NAME", "").strip()
try:
    product = neutral_product(chosen) if chosen else OWN_NAME
except ValueError as error:
    raise SystemExit(f"PRODUCT_NAME {chosen!r} cannot be used: {error}")
print(json.dumps({"name": product.name, "program": product.program,
                  "folder": product.folder, "version": __version__}))
'@
    $described = Invoke-Step 'Reading the product name' { $describe | & $Python - }
    $product = ($described -join "`n") | ConvertFrom-Json  # non-ASCII arrives as \u escapes
    $program = $product.program
    $version = $product.version
    Write-Host "Building `"$($product.name)`" ($program $version) for Windows"

    # --- The app ------------------------------------------------------------------------
    $dist = Join-Path $Root 'dist'
    $appDir = Join-Path $dist $program
    $windowed = Join-Path $appDir "$program.exe"
    $cli = Join-Path $appDir "$program-cli.exe"
    $setup = Join-Path $dist "$program-$version-setup.exe"
    foreach ($old in @($appDir, $setup)) {
        if (Test-Path $old) {
            Remove-Item -Recurse -Force $old
        }
    }
    Invoke-Step 'Drawing the icons' { & $Python packaging\make_icons.py build | Out-Null }
    Invoke-Step 'PyInstaller' {
        & $Python -m PyInstaller --noconfirm --clean --log-level WARN `
            --distpath dist --workpath build\pyinstaller packaging\facilitator_app.spec
    }

    # --- Signing (optional) ---------------------------------------------------------------
    $signWith = $null
    if ($env:WINDOWS_SIGN_THUMBPRINT) {
        $signWith = @('/sha1', $env:WINDOWS_SIGN_THUMBPRINT)
    } elseif ($env:WINDOWS_SIGN_CERT -or $env:WINDOWS_SIGN_PASSWORD) {
        if (-not ($env:WINDOWS_SIGN_CERT -and $env:WINDOWS_SIGN_PASSWORD)) {
            throw 'Set both WINDOWS_SIGN_CERT and WINDOWS_SIGN_PASSWORD to sign, or neither.'
        }
        if (-not (Test-Path $env:WINDOWS_SIGN_CERT)) {
            throw "WINDOWS_SIGN_CERT: no file at $env:WINDOWS_SIGN_CERT"
        }
        $signWith = @('/f', $env:WINDOWS_SIGN_CERT, '/p', $env:WINDOWS_SIGN_PASSWORD)
    }
    $signTool = $null
    if ($signWith) {
        # The newest Windows SDK's signtool, unless one is on PATH.
        $sdkTools = @(Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" `
                -ErrorAction SilentlyContinue | Sort-Object FullName -Descending |
            ForEach-Object { $_.FullName })
        $signTool = Find-Program 'signtool.exe' $sdkTools
        if (-not $signTool) {
            throw 'signtool.exe not found: install the Windows SDK (its "Signing Tools" part).'
        }
    }
    $timestampUrl = $env:WINDOWS_SIGN_TIMESTAMP_URL
    if (-not $timestampUrl) {
        $timestampUrl = 'http://timestamp.digicert.com'
    }

    # A time stamp keeps the signature valid after the certificate expires.
    function Invoke-Sign([string[]]$Files) {
        Invoke-Step 'Signing' {
            & $signTool sign @signWith /fd SHA256 /tr $timestampUrl /td SHA256 @Files
        }
        Invoke-Step 'Checking the signature' { & $signTool verify /pa /q @Files }
    }

    if ($signWith) {
        Write-Host 'Signing the two programs'
        Invoke-Sign @($windowed, $cli)
    } else {
        Write-Host 'Not signing (no WINDOWS_SIGN_CERT): Windows SmartScreen will warn whoever runs the installer.'
    }

    # After signing, so the programs that ship are the ones tested.
    Invoke-Step 'The smoke test' { & $Python packaging\smoke_test.py $cli }

    # --- The installer --------------------------------------------------------------------
    $innoCandidates = @(
        "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
        "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
        "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe"
    )
    $iscc = Find-Program 'iscc.exe' $innoCandidates
    if (-not $iscc) {
        throw 'Inno Setup 6 not found (ISCC.exe): install it from jrsoftware.org, or put ISCC.exe on PATH.'
    }
    Invoke-Step 'Inno Setup' {
        & $iscc /Qp `
            "/DAppName=$($product.name)" `
            "/DAppProgram=$program" `
            "/DAppFolder=$($product.folder)" `
            "/DAppVersion=$version" `
            "/DSourceDir=$appDir" `
            "/DOutputDir=$dist" `
            packaging\windows\facilitator_app.iss
    }
    if (-not (Test-Path $setup)) {
        throw "Inno Setup finished but $setup is missing."
    }

    if ($signWith) {
        Write-Host 'Signing the installer'
        Invoke-Sign @($setup)
    }

    $size = '{0:N0} MB' -f ((Get-Item $setup).Length / 1MB)
    Write-Host "Wrote $setup ($size)"
} finally {
    Pop-Location
}
