/* Test-only stand-in for bcryptprimitives.dll, which Windows 10/11 have and Wine 8 lacks: Rust's
   std takes its random numbers from its ProcessPrng. This forwards to advapi32's RtlGenRandom
   (SystemFunction036), which Wine has. Built by scripts/windows/test.sh into the test Wine
   prefix only; never shipped in the installer. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
