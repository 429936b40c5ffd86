/*
 * test_chromium_order.c - unit tests for sim/core/chromium_order.c.
 *
 * The table below is tests/browser/chromium-156/header-order.json (every
 * case observed in Chromium 156.0.8078.79, headless, page on
 * http://127.0.0.1:8001 fetching http://127.0.0.1:8002 with PUT and body
 * 'b'), generated from it: per case the names in the order the script set
 * them, whether the script's Content-Type was a non-safelisted one,
 * Access-Control-Allow-Headers, the name Chromium's console message
 * reported for fetch() and for XMLHttpRequest, and the order in which the
 * script's headers reached the server when the preflight allowed them all
 * (fetch and, where recorded, XHR; Blink's own headers dropped).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "chromium_order.h"
#include "str.h"

#define MAXN 8

struct observed {
  const char *source;
  const char *set[MAXN];     /* script order, NULL-terminated */
  int ct_non_safelisted;     /* the script set Content-Type: application/json */
  const char *allowed[MAXN]; /* lowercased ACAH members */
  const char *named;         /* fetch() */
  const char *named_xhr;     /* XMLHttpRequest, NULL when not run */
  const char *map_order[MAXN];     /* fetch, all allowed; {NULL} if none */
  const char *map_order_xhr[MAXN]; /* XHR, all allowed; {NULL} if none */
};

static const struct observed cases[131] = {
    {"tests/browser/chromium-156/q3x.js q3x.allow-zeta-only.ZAM",
     {"X-Zeta", "X-Alpha", "X-Mid", NULL},
     0, {"x-zeta", NULL},
     "x-alpha", NULL,
     {NULL},
     {NULL}},
    {"tests/browser/chromium-156/q3x.js q3x.allow-zeta-only.AMZ",
     {"X-Alpha", "X-Mid", "X-Zeta", NULL},
     0, {"x-zeta", NULL},
     "x-alpha", NULL,
     {NULL},
     {NULL}},
    {"tests/browser/chromium-156/q3x.js q3x.allow-mid-only",
     {"X-Alpha", "X-Mid", "X-Zeta", NULL},
     0, {"x-mid", NULL},
     "x-zeta", NULL,
     {NULL},
     {NULL}},
    {"tests/browser/chromium-156/q3x.js q3x.none-a1-b2-c3",
     {"c-3", "a-1", "b-2", NULL},
     0, {NULL},
     "b-2", NULL,
     {NULL},
     {NULL}},
    {"tests/browser/chromium-156/q3x.js q3x.none-4-headers",
     {"X-Beta", "X-Delta", "X-Alpha", "X-Gamma", NULL},
     0, {NULL},
     "x-alpha", NULL,
     {NULL},
     {NULL}},
    {"tests/browser/chromium-156/q3x.js q3x.allow-beta-delta",
     {"X-Beta", "X-Delta", "X-Alpha", "X-Gamma", NULL},
     0, {"x-beta", "x-delta", NULL},
     "x-alpha", NULL,
     {NULL},
     {NULL}},
    {"tests/browser/chromium-156/q3x.js q3x.none-with-content-type-json",
     {"Content-Type", "X-Zeta", NULL},
     1, {NULL},
     "x-zeta", NULL,
     {NULL},
     {NULL}},
    {"tests/browser/chromium-156/q3.js q3.pre-200-acah-missing.fetch",
     {"X-Token", NULL},
     0, {NULL},
     "x-token", NULL,
     {NULL},
     {NULL}},
    {"tests/browser/chromium-156/q3.js q3.pre-200-acah-missing-3-order-ZAM.fetch",
     {"X-Zeta", "X-Alpha", "X-Mid", NULL},
     0, {NULL},
     "x-zeta", NULL,
     {NULL},
     {NULL}},
    {"tests/browser/chromium-156/q3.js q3.pre-200-acah-missing-3-order-MAZ.fetch",
     {"X-Mid", "X-Alpha", "X-Zeta", NULL},
     0, {NULL},
     "x-zeta", NULL,
     {NULL},
     {NULL}},
    {"tests/browser/chromium-156/q3.js q3.pre-200-acah-allows-alpha-only.fetch",
     {"X-Zeta", "X-Alpha", "X-Mid", NULL},
     0, {"x-alpha", NULL},
     "x-zeta", NULL,
     {NULL},
     {NULL}},
    {"random c000",
     {"pCsb|lp!msC%eglCupnjNPwjyg3eErHtsqzuQKYKh.nvjWrln", "Bge.dedtMiHup1F#", "ioR", NULL},
     0, {"pcsb|lp!msc%eglcupnjnpwjyg3eerhtsqzuqkykh.nvjwrln", NULL},
     "ior", "ior",
     {"pCsb|lp!msC%eglCupnjNPwjyg3eErHtsqzuQKYKh.nvjWrln", "ioR", "Bge.dedtMiHup1F#", "Content-Type", NULL},
     {NULL}},
    {"random c001",
     {"o|cf39ifx", "HalwQ&GJsusri.kclSv-PiSdSkMpDMe", "kuQ0d_kvAhN", NULL},
     0, {NULL},
     "kuq0d_kvahn", "kuq0d_kvahn",
     {"kuQ0d_kvAhN", "HalwQ&GJsusri.kclSv-PiSdSkMpDMe", "o|cf39ifx", "Content-Type", NULL},
     {NULL}},
    {"random c002",
     {"e'MroZf", "ia2QJUkndjiwnSmIrudbdxnyeDyar$rr~", "r-", "pldhtkaB!", NULL},
     0, {NULL},
     "pldhtkab!", "pldhtkab!",
     {"pldhtkaB!", "e'MroZf", "ia2QJUkndjiwnSmIrudbdxnyeDyar$rr~", "Content-Type", "r-", NULL},
     {NULL}},
    {"random c003",
     {"pXpl1fo^YBhq6", "gB6DXJVwQ2+m1gEv", "JIEOYxcoLFjFUZDrcgJ4", NULL},
     0, {NULL},
     "gb6dxjvwq2+m1gev", "gb6dxjvwq2+m1gev",
     {"gB6DXJVwQ2+m1gEv", "pXpl1fo^YBhq6", "Content-Type", "JIEOYxcoLFjFUZDrcgJ4", NULL},
     {NULL}},
    {"random c004",
     {"De~mmc.", "u2rkseijlRvamdiPPuuhGplp", "eXt'vl*Av-`^hp*yR", "YqarCTpPjHvxyaIietl&SNG0Ra8rdj0pioc'teDsjziejFAFIgthGBYPNzf_", NULL},
     0, {NULL},
     "u2rkseijlrvamdippuuhgplp", "u2rkseijlrvamdippuuhgplp",
     {"u2rkseijlRvamdiPPuuhGplp", "De~mmc.", "eXt'vl*Av-`^hp*yR", "YqarCTpPjHvxyaIietl&SNG0Ra8rdj0pioc'teDsjziejFAFIgthGBYPNzf_", "Content-Type", NULL},
     {NULL}},
    {"random c005",
     {"FFaU$vvtZQ9azdKNMpo5pkcYt", "uOGq", "fftHehBq", "yt", NULL},
     0, {"ffau$vvtzq9azdknmpo5pkcyt", NULL},
     "yt", "yt",
     {"yt", "uOGq", "FFaU$vvtZQ9azdKNMpo5pkcYt", "fftHehBq", "Content-Type", NULL},
     {NULL}},
    {"random c006",
     {"gtqZBppcbgjcP", "hl94Jkm|YPItwdp$TqXUyVE3fEpHwlamC1noblkPtaeqwd7yb", NULL},
     0, {"gtqzbppcbgjcp", NULL},
     "hl94jkm|ypitwdp$tqxuyve3fephwlamc1noblkptaeqwd7yb", "hl94jkm|ypitwdp$tqxuyve3fephwlamc1noblkptaeqwd7yb",
     {"hl94Jkm|YPItwdp$TqXUyVE3fEpHwlamC1noblkPtaeqwd7yb", "gtqZBppcbgjcP", "Content-Type", NULL},
     {NULL}},
    {"random c007",
     {"Nvn|", "wZU%avyhwbFpCGkx.Otxi2T8AfzGrpnbmkq.pc.yuMqq.BCv~", NULL},
     0, {NULL},
     "wzu%avyhwbfpcgkx.otxi2t8afzgrpnbmkq.pc.yumqq.bcv~", "wzu%avyhwbfpcgkx.otxi2t8afzgrpnbmkq.pc.yumqq.bcv~",
     {"wZU%avyhwbFpCGkx.Otxi2T8AfzGrpnbmkq.pc.yuMqq.BCv~", "Nvn|", "Content-Type", NULL},
     {NULL}},
    {"random c008",
     {"iossEy2abGh", "PrUjdatQO", "upyIDlJ8*npTbaTF*skvGyyvGmfuyDI", NULL},
     0, {NULL},
     "iossey2abgh", "iossey2abgh",
     {"iossEy2abGh", "Content-Type", "PrUjdatQO", "upyIDlJ8*npTbaTF*skvGyyvGmfuyDI", NULL},
     {NULL}},
    {"random c009",
     {"jJ", "INds6XsPxOuMqbup4bkn&5pzmc4EjhhelmfZbdgM`DYGmiONynh8qEAjQtKx", "n&sWzVvWpsPt7tViXtvvgcfeAy&XtrG", "wgEtbs", "pDuMhcieYrqncx5BuH0a", NULL},
     0, {NULL},
     "pdumhcieyrqncx5buh0a", "pdumhcieyrqncx5buh0a",
     {"pDuMhcieYrqncx5BuH0a", "INds6XsPxOuMqbup4bkn&5pzmc4EjhhelmfZbdgM`DYGmiONynh8qEAjQtKx", "n&sWzVvWpsPt7tViXtvvgcfeAy&XtrG", "jJ", "wgEtbs", "Content-Type", NULL},
     {NULL}},
    {"random c010",
     {"E8SlLXtiI8muPulmsj3mpIWYy1dIo+b", "Y", NULL},
     0, {NULL},
     "y", "y",
     {"Y", "Content-Type", "E8SlLXtiI8muPulmsj3mpIWYy1dIo+b", NULL},
     {NULL}},
    {"random c011",
     {"YL_gs'g`hGgx|wZl", "ja1ZuybGnOG5~XYXt", "PXWILo", NULL},
     0, {NULL},
     "ja1zuybgnog5~xyxt", "yl_gs'g`hggx|wzl",
     {"ja1ZuybGnOG5~XYXt", "YL_gs'g`hGgx|wZl", "PXWILo", "Content-Type", NULL},
     {NULL}},
    {"random c012",
     {"iUA2qluAl&DS&yn8sUuK", "nfm6aLVChl8", "sb3kscNyql5cbWtnfhcfes`u-glfu8vi~TuFLvzgvelBj$ra3", "w2`WsHqGM-bb`mfAGGnMLqcmrwIZsM#cbZ7sRpNy", "Content-Type", "k", NULL},
     1, {"nfm6alvchl8", "w2`wshqgm-bb`mfaggnmlqcmrwizsm#cbz7srpny", NULL},
     "k", "k",
     {"w2`WsHqGM-bb`mfAGGnMLqcmrwIZsM#cbZ7sRpNy", "k", "sb3kscNyql5cbWtnfhcfes`u-glfu8vi~TuFLvzgvelBj$ra3", "nfm6aLVChl8", "Content-Type", "iUA2qluAl&DS&yn8sUuK", NULL},
     {NULL}},
    {"random c013",
     {"rFzWuyxWoPdxgumDkttmmB9ukRjDOnsOaaHaZqUiTM!w2h6IB", "o9pod_~PqW&$7", "fspm4HhkrblSljt2sgz0EgHkh", "wGhEnV0pdimpifaqJe5xFAbXq", "zv!x|rHVexpf&Fd7dIuX+t%cbnz1^pntNfPIlux2", NULL},
     0, {NULL},
     "zv!x|rhvexpf&fd7diux+t%cbnz1^pntnfpilux2", "zv!x|rhvexpf&fd7diux+t%cbnz1^pntnfpilux2",
     {"zv!x|rHVexpf&Fd7dIuX+t%cbnz1^pntNfPIlux2", "wGhEnV0pdimpifaqJe5xFAbXq", "o9pod_~PqW&$7", "fspm4HhkrblSljt2sgz0EgHkh", "rFzWuyxWoPdxgumDkttmmB9ukRjDOnsOaaHaZqUiTM!w2h6IB", "Content-Type", NULL},
     {NULL}},
    {"random c014",
     {"xl~JCsp4mpJmlZrFGrzaslgmoiy7w^kbrtBVmqwg", "JWtr87xqptg7lkR~i*$c", NULL},
     0, {NULL},
     "xl~jcsp4mpjmlzrfgrzaslgmoiy7w^kbrtbvmqwg", "xl~jcsp4mpjmlzrfgrzaslgmoiy7w^kbrtbvmqwg",
     {"xl~JCsp4mpJmlZrFGrzaslgmoiy7w^kbrtBVmqwg", "Content-Type", "JWtr87xqptg7lkR~i*$c", NULL},
     {NULL}},
    {"random c015",
     {"XiDv", "LxS$^tjeVmWscSc&", "gck2Td", NULL},
     0, {"xidv", "lxs$^tjevmwscsc&", NULL},
     "gck2td", "gck2td",
     {"XiDv", "gck2Td", "LxS$^tjeVmWscSc&", "Content-Type", NULL},
     {NULL}},
    {"random c016",
     {"yjWx6od|OZk&kpnmyujecVaE", "ovidpUQyp0JsojOEi", "RiDzjglScPiY2wywb3Cjc'yQjNvuH8bpj", NULL},
     0, {NULL},
     "ridzjglscpiy2wywb3cjc'yqjnvuh8bpj", "ridzjglscpiy2wywb3cjc'yqjnvuh8bpj",
     {"RiDzjglScPiY2wywb3Cjc'yQjNvuH8bpj", "ovidpUQyp0JsojOEi", "yjWx6od|OZk&kpnmyujecVaE", "Content-Type", NULL},
     {NULL}},
    {"random c017",
     {"xvucCm", "PbVWjEq%k&q7ogA!j", "IzZzLzW51PpAz4%+1", "Ljwo5'fxf_#Ukz3uSTcuemeeT3pmx''mhLckQe*dwIhLybyoq", "NxhhEfjW", "vw.cqf1", NULL},
     0, {NULL},
     "izzzlzw51ppaz4%+1", "izzzlzw51ppaz4%+1",
     {"IzZzLzW51PpAz4%+1", "NxhhEfjW", "vw.cqf1", "Ljwo5'fxf_#Ukz3uSTcuemeeT3pmx''mhLckQe*dwIhLybyoq", "Content-Type", "xvucCm", "PbVWjEq%k&q7ogA!j", NULL},
     {NULL}},
    {"random c018",
     {"K$V~oTmbZzc", "Y7gObCAwgbqoWgLiBpplRfxhQyqxi1yvxnv2QHyzl$g5f&gil", "hirEXL", "w1Bdhzb6YKxHquK1_!'nyMi_", NULL},
     0, {NULL},
     "k$v~otmbzzc", "k$v~otmbzzc",
     {"K$V~oTmbZzc", "Y7gObCAwgbqoWgLiBpplRfxhQyqxi1yvxnv2QHyzl$g5f&gil", "hirEXL", "Content-Type", "w1Bdhzb6YKxHquK1_!'nyMi_", NULL},
     {NULL}},
    {"random c019",
     {"EvvfVH*nXtontpwi-mpiNgtW", "p", "vbxixwqF%ypf-tt+x_iyEbni'c1pqpP&p", "fpwvwWSjVfk", NULL},
     0, {"evvfvh*nxtontpwi-mpingtw", "vbxixwqf%ypf-tt+x_iyebni'c1pqpp&p", "fpwvwwsjvfk", NULL},
     "p", "p",
     {"p", "fpwvwWSjVfk", "vbxixwqF%ypf-tt+x_iyEbni'c1pqpP&p", "EvvfVH*nXtontpwi-mpiNgtW", "Content-Type", NULL},
     {NULL}},
    {"random c020",
     {"xnb", "cmvpidlGPqpyENoJbNkrMxep", "irNrTwnizduehvlP^0qmezyynRykk`zic3dj&v6TWspj1zv6o", "NRtrMvs", NULL},
     0, {NULL},
     "cmvpidlgpqpyenojbnkrmxep", "cmvpidlgpqpyenojbnkrmxep",
     {"cmvpidlGPqpyENoJbNkrMxep", "irNrTwnizduehvlP^0qmezyynRykk`zic3dj&v6TWspj1zv6o", "xnb", "NRtrMvs", "Content-Type", NULL},
     {NULL}},
    {"random c021",
     {"Ni.v&-|RbuIsFd7*quekKG^qLynO|tC", "Content-Type", "zNy2CobmQbEKUFu|", NULL},
     1, {NULL},
     "ni.v&-|rbuisfd7*quekkg^qlyno|tc", "ni.v&-|rbuisfd7*quekkg^qlyno|tc",
     {"Ni.v&-|RbuIsFd7*quekKG^qLynO|tC", "zNy2CobmQbEKUFu|", "Content-Type", NULL},
     {NULL}},
    {"random c022",
     {"bkMrigVrn1Qyo+p`hHPVmelcx^7RbFAvzzhR1zjjv3qxczs|s", "pr'r5#fqlxkagfdtvgpXm*msom5NqNr", "mrVo0chdrtd|vmjCDten~nAj", "kFuokbf$B", "yCtW#b2", "ygTtdhOoa", "Content-Type", NULL},
     1, {"bkmrigvrn1qyo+p`hhpvmelcx^7rbfavzzhr1zjjv3qxczs|s", "pr'r5#fqlxkagfdtvgpxm*msom5nqnr", "mrvo0chdrtd|vmjcdten~naj", "kfuokbf$b", "ygttdhooa", NULL},
     "yctw#b2", "yctw#b2",
     {"pr'r5#fqlxkagfdtvgpXm*msom5NqNr", "yCtW#b2", "ygTtdhOoa", "bkMrigVrn1Qyo+p`hHPVmelcx^7RbFAvzzhR1zjjv3qxczs|s", "kFuokbf$B", "mrVo0chdrtd|vmjCDten~nAj", "Content-Type", NULL},
     {NULL}},
    {"random c023",
     {"q", "AiZv4sQd!vjzG7hvuzlD", "zy", NULL},
     0, {"aizv4sqd!vjzg7hvuzld", "zy", NULL},
     "q", "q",
     {"q", "zy", "AiZv4sQd!vjzG7hvuzlD", "Content-Type", NULL},
     {NULL}},
    {"random c024",
     {"I'sn", "ekyzqSqHmLSLNwMrMb5j", "UpNccrl", "utubJehVNNQDUwLe&adtrpke", "aEPtim-faDj!ppI3aWu!", NULL},
     0, {NULL},
     "i'sn", "i'sn",
     {"I'sn", "UpNccrl", "aEPtim-faDj!ppI3aWu!", "utubJehVNNQDUwLe&adtrpke", "Content-Type", "ekyzqSqHmLSLNwMrMb5j", NULL},
     {NULL}},
    {"random c025",
     {"sbdCqu+9KjU~lwfCzmG1VTk**Zo&tsXejwwxXYmLNgPBjbZAl", "N&#Tno", "Content-Type", "AUTjoR.z", NULL},
     1, {NULL},
     "n&#tno", "n&#tno",
     {"N&#Tno", "AUTjoR.z", "Content-Type", "sbdCqu+9KjU~lwfCzmG1VTk**Zo&tsXejwwxXYmLNgPBjbZAl", NULL},
     {NULL}},
    {"random c026",
     {"six3", "Vb6nojkajouWc", "gRf90x-laEuSR$1xuyNwO_gbw~szjHz|jLxjQuTfmyboW0LMhd1oY8+sbmeU", NULL},
     0, {NULL},
     "six3", "six3",
     {"six3", "gRf90x-laEuSR$1xuyNwO_gbw~szjHz|jLxjQuTfmyboW0LMhd1oY8+sbmeU", "Vb6nojkajouWc", "Content-Type", NULL},
     {NULL}},
    {"random c027",
     {"z7f2Js_pzeiqlwUEIjLfITu`oZbcAkm9nMtxz|dv", "gOmCdm7qQRanzpPwmoiOzg*nhrMtAxu'1", "Y", "eqJGcrR8xFaLBlc3rq!Gizlnk", NULL},
     0, {NULL},
     "z7f2js_pzeiqlwueijlfitu`ozbcakm9nmtxz|dv", "z7f2js_pzeiqlwueijlfitu`ozbcakm9nmtxz|dv",
     {"z7f2Js_pzeiqlwUEIjLfITu`oZbcAkm9nMtxz|dv", "Y", "Content-Type", "gOmCdm7qQRanzpPwmoiOzg*nhrMtAxu'1", "eqJGcrR8xFaLBlc3rq!Gizlnk", NULL},
     {NULL}},
    {"random c028",
     {"HBywGv6di", "xQ7pRwk", "vlhb4IsjaxxrHGdZR", "y~UOmravDI.I9Xt-J", "m8pmjv`fOBCkO5yyjwy!ry#%_hWlfix0s", NULL},
     0, {"vlhb4isjaxxrhgdzr", "y~uomravdi.i9xt-j", "m8pmjv`fobcko5yyjwy!ry#%_hwlfix0s", NULL},
     "hbywgv6di", "hbywgv6di",
     {"m8pmjv`fOBCkO5yyjwy!ry#%_hWlfix0s", "y~UOmravDI.I9Xt-J", "HBywGv6di", "xQ7pRwk", "vlhb4IsjaxxrHGdZR", "Content-Type", NULL},
     {NULL}},
    {"random c029",
     {"xkL%Q", "fcouzmA9pg*uY'vnZtscvfhqFe*j.-QRa", "hhUWu8yw!pebogJOakhdNptyvRvwUIf", "jZw", NULL},
     0, {"fcouzma9pg*uy'vnztscvfhqfe*j.-qra", "hhuwu8yw!pebogjoakhdnptyvrvwuif", "jzw", NULL},
     "xkl%q", "xkl%q",
     {"hhUWu8yw!pebogJOakhdNptyvRvwUIf", "jZw", "xkL%Q", "fcouzmA9pg*uY'vnZtscvfhqFe*j.-QRa", "Content-Type", NULL},
     {NULL}},
    {"random c030",
     {"cQdLp|5!", "kBx1xCVmix3fNbIehLrobEPtQPyEOuhjAJIIAw8J", "UJUqBlNfJwS~vGBs!o2_oJpawzY9agm$w", NULL},
     0, {NULL},
     "kbx1xcvmix3fnbiehlrobeptqpyeouhjajiiaw8j", "kbx1xcvmix3fnbiehlrobeptqpyeouhjajiiaw8j",
     {"kBx1xCVmix3fNbIehLrobEPtQPyEOuhjAJIIAw8J", "UJUqBlNfJwS~vGBs!o2_oJpawzY9agm$w", "Content-Type", "cQdLp|5!", NULL},
     {NULL}},
    {"random c031",
     {"inLkxmrm9lm8mawxASSe", "x3mHS", "bwf", "Fx7", "GqzvB1h", NULL},
     0, {NULL},
     "x3mhs", "x3mhs",
     {"x3mHS", "Fx7", "GqzvB1h", "bwf", "Content-Type", "inLkxmrm9lm8mawxASSe", NULL},
     {NULL}},
    {"random c032",
     {"Content-Type", "sEjsk%UhEP-Sa.R%HqtcbbpGvln0lgi", "JsCEDneduCaZCp0MbsMj", "hxOzbwz$+WbMIJtg3thejumme", "zfmbVvfeWHsutn.enG&dF_2hoHvd+f+Su", "xyFCxifxA", "qqLeksTj&#dja", NULL},
     1, {"sejsk%uhep-sa.r%hqtcbbpgvln0lgi", "jscedneducazcp0mbsmj", "hxozbwz$+wbmijtg3thejumme", "xyfcxifxa", "qqlekstj&#dja", NULL},
     "content-type", "content-type",
     {"sEjsk%UhEP-Sa.R%HqtcbbpGvln0lgi", "qqLeksTj&#dja", "JsCEDneduCaZCp0MbsMj", "xyFCxifxA", "Content-Type", "hxOzbwz$+WbMIJtg3thejumme", "zfmbVvfeWHsutn.enG&dF_2hoHvd+f+Su", NULL},
     {NULL}},
    {"random c033",
     {"Content-Type", "lvw_qKjOGimcxko^ttTlOwh$u7ZkP2uJ1", "g", "vBoHonm", NULL},
     1, {NULL},
     "lvw_qkjogimcxko^tttlowh$u7zkp2uj1", "lvw_qkjogimcxko^tttlowh$u7zkp2uj1",
     {"lvw_qKjOGimcxko^ttTlOwh$u7ZkP2uJ1", "vBoHonm", "g", "Content-Type", NULL},
     {NULL}},
    {"random c034",
     {"aDpxZtOo", "hyE+n", "eFCoKBQBbfyr3Pt#yyG+fliKa", "v2ef!Ke_WKr", "a", "mhYi", NULL},
     0, {"efcokbqbbfyr3pt#yyg+flika", "v2ef!ke_wkr", "a", "mhyi", NULL},
     "adpxztoo", "adpxztoo",
     {"v2ef!Ke_WKr", "aDpxZtOo", "eFCoKBQBbfyr3Pt#yyG+fliKa", "mhYi", "Content-Type", "hyE+n", "a", NULL},
     {NULL}},
    {"random c035",
     {"mQcjvw!b#aanLpire", "RUco83cvwYYq+wftn`hCgZot", "iJYJftvc6kp", NULL},
     0, {NULL},
     "mqcjvw!b#aanlpire", "mqcjvw!b#aanlpire",
     {"mQcjvw!b#aanLpire", "RUco83cvwYYq+wftn`hCgZot", "iJYJftvc6kp", "Content-Type", NULL},
     {NULL}},
    {"random c036",
     {"lRyyn", "Content-Type", "Jdh!AjLh$k'#I", NULL},
     1, {"lryyn", "content-type", NULL},
     "jdh!ajlh$k'#i", "jdh!ajlh$k'#i",
     {"Jdh!AjLh$k'#I", "lRyyn", "Content-Type", NULL},
     {NULL}},
    {"random c037",
     {"vzKHyG`j~fOacyLbgxEm|9YBVhoipBqpqK-asG-0", "vUdqKRvrH1xflqGyTvgVvPyKz", "ogqxND", "QOgDvLqwuZiNwxpWfxlcoun7Iyvsbqkqj", "YthCgSqludvfdtqiTFRnqrbvi#__wm9#rzhxCuXcpVwzklJwl$nJCydPqtSO", "tKqtPkx4rHX", NULL},
     0, {NULL},
     "ogqxnd", "ogqxnd",
     {"ogqxND", "QOgDvLqwuZiNwxpWfxlcoun7Iyvsbqkqj", "vzKHyG`j~fOacyLbgxEm|9YBVhoipBqpqK-asG-0", "vUdqKRvrH1xflqGyTvgVvPyKz", "tKqtPkx4rHX", "Content-Type", "YthCgSqludvfdtqiTFRnqrbvi#__wm9#rzhxCuXcpVwzklJwl$nJCydPqtSO", NULL},
     {NULL}},
    {"random c038",
     {"g.jEwIyT+GyazQPQd", "Ggoc", "Vqpb", "oinAhjPU9dL$suErnkLw", NULL},
     0, {NULL},
     "ggoc", "ggoc",
     {"Ggoc", "oinAhjPU9dL$suErnkLw", "Content-Type", "g.jEwIyT+GyazQPQd", "Vqpb", NULL},
     {NULL}},
    {"random c039",
     {"cpp-dkT", "hiRbIf|JpsTYMuj4uLkRiSZd8", "X8`lfBzqlZphslk_Vb!Dwe%gkveNgxz", NULL},
     0, {NULL},
     "cpp-dkt", "cpp-dkt",
     {"cpp-dkT", "X8`lfBzqlZphslk_Vb!Dwe%gkveNgxz", "hiRbIf|JpsTYMuj4uLkRiSZd8", "Content-Type", NULL},
     {NULL}},
    {"random c040",
     {"nInYm.'jjTzuCqJpzhhhTtQKrc!NofCufsbuiAjXhfgmgMYjH", "f^gzyuaqhiriy.VACTs#sz''4", "iMred$hpPhv", "UPx2yCrrfztn~YgrbCdw.|muLkE&|Nya-.IhsYvhdbbtdvI^r", "hwdcDmJK", NULL},
     0, {NULL},
     "ninym.'jjtzucqjpzhhhttqkrc!nofcufsbuiajxhfgmgmyjh", "ninym.'jjtzucqjpzhhhttqkrc!nofcufsbuiajxhfgmgmyjh",
     {"nInYm.'jjTzuCqJpzhhhTtQKrc!NofCufsbuiAjXhfgmgMYjH", "iMred$hpPhv", "hwdcDmJK", "Content-Type", "UPx2yCrrfztn~YgrbCdw.|muLkE&|Nya-.IhsYvhdbbtdvI^r", "f^gzyuaqhiriy.VACTs#sz''4", NULL},
     {NULL}},
    {"random c041",
     {"xezOp-lupiDqjkUx", "EryojScdwQjke38DxF'AdroNqmf$vEzKm", "Content-Type", "gqbmi", "ametj9!oxywnktCc5ozc*OaNdcua5qd9djnwy5qf0uv1Q`wfn", "S4t", NULL},
     1, {"content-type", "ametj9!oxywnktcc5ozc*oandcua5qd9djnwy5qf0uv1q`wfn", NULL},
     "gqbmi", "xezop-lupidqjkux",
     {"gqbmi", "ametj9!oxywnktCc5ozc*OaNdcua5qd9djnwy5qf0uv1Q`wfn", "xezOp-lupiDqjkUx", "S4t", "EryojScdwQjke38DxF'AdroNqmf$vEzKm", "Content-Type", NULL},
     {NULL}},
    {"random c042",
     {"czEgrZKX0pmo~lqdJvscskpmwggu#xZqlbbmMasr", "ug|Mh", "Fpp+hBcXvBkX6vddooDq`fxu", "xivSl`c69ujyxBgmXMN2IZ*fqaoNiJ^cdVimluAr", NULL},
     0, {NULL},
     "xivsl`c69ujyxbgmxmn2iz*fqaonij^cdvimluar", "xivsl`c69ujyxbgmxmn2iz*fqaonij^cdvimluar",
     {"xivSl`c69ujyxBgmXMN2IZ*fqaoNiJ^cdVimluAr", "czEgrZKX0pmo~lqdJvscskpmwggu#xZqlbbmMasr", "ug|Mh", "Content-Type", "Fpp+hBcXvBkX6vddooDq`fxu", NULL},
     {NULL}},
    {"random c043",
     {"YaBRXfPCkWIumoIx2kNsYhyJ4spahKqi%", "lXznutuM0Oc1rX#ammzjbtjNpsrFvyQrhp1SwD0%XZ-Rbmr1ey&cVjpDzdT`", "x`ZPsn3|en3Xf", "y5+Xmb", NULL},
     0, {NULL},
     "x`zpsn3|en3xf", "x`zpsn3|en3xf",
     {"x`ZPsn3|en3Xf", "y5+Xmb", "lXznutuM0Oc1rX#ammzjbtjNpsrFvyQrhp1SwD0%XZ-Rbmr1ey&cVjpDzdT`", "YaBRXfPCkWIumoIx2kNsYhyJ4spahKqi%", "Content-Type", NULL},
     {NULL}},
    {"random c044",
     {"nO", "Lq", NULL},
     0, {NULL},
     "lq", "lq",
     {"Lq", "nO", "Content-Type", NULL},
     {NULL}},
    {"random c045",
     {"mIn-lFy*TMuVkgnje", "dd$bTnsttaaaBRwpoh%wacZF", "xxGQv3$ivBU", "cjuz6nDj1wx$9Vz+", "Q4kulvz7rcuvzq$ADZek", NULL},
     0, {"xxgqv3$ivbu", NULL},
     "dd$btnsttaaabrwpoh%waczf", "dd$btnsttaaabrwpoh%waczf",
     {"dd$bTnsttaaaBRwpoh%wacZF", "Q4kulvz7rcuvzq$ADZek", "mIn-lFy*TMuVkgnje", "xxGQv3$ivBU", "cjuz6nDj1wx$9Vz+", "Content-Type", NULL},
     {NULL}},
    {"random c046",
     {"t", "ut'cxzYI2MYsrxdqmeSvvt|lSZ~d_mpPy!pUEUwgDptU*FQ_B", "YwbpwdJTWiPc~DlsYQrwxAbth", "srMteRyivwRwhcugr", NULL},
     0, {NULL},
     "srmteryivwrwhcugr", "srmteryivwrwhcugr",
     {"srMteRyivwRwhcugr", "YwbpwdJTWiPc~DlsYQrwxAbth", "ut'cxzYI2MYsrxdqmeSvvt|lSZ~d_mpPy!pUEUwgDptU*FQ_B", "t", "Content-Type", NULL},
     {NULL}},
    {"random c047",
     {"dCvdyvjpmxUKZevljfraOppGedmtrW4lVhrd1Hlx4g87tacpOgFSs^je'nnV", "lpKxyp%qrzmN5jxN", "wu^sthxLcHFnudrPXUxn", "dKxjH5", "OvczTtaFewggjohS", "QLwhZcesNefIkujnc", NULL},
     0, {"wu^sthxlchfnudrpxuxn", "dkxjh5", "qlwhzcesnefikujnc", NULL},
     "ovczttafewggjohs", "ovczttafewggjohs",
     {"OvczTtaFewggjohS", "wu^sthxLcHFnudrPXUxn", "dCvdyvjpmxUKZevljfraOppGedmtrW4lVhrd1Hlx4g87tacpOgFSs^je'nnV", "lpKxyp%qrzmN5jxN", "dKxjH5", "Content-Type", "QLwhZcesNefIkujnc", NULL},
     {NULL}},
    {"random c048",
     {"tehCAsE~p%UzXfX+l24hv#xOknk!d$z", "HIxgjJwrner_gpKQbEyuYEzpgdd1vkcnOwgUhbbS", "izj$", "vS.jF", "CzMzzl|qtzUl!PJkHaR*oqpkp'hdwE+btubelWl*_Frub-a~dEmaf_0kd`jp", "b-gvlef", NULL},
     0, {"czmzzl|qtzul!pjkhar*oqpkp'hdwe+btubelwl*_frub-a~demaf_0kd`jp", NULL},
     "hixgjjwrner_gpkqbeyuyezpgdd1vkcnowguhbbs", "hixgjjwrner_gpkqbeyuyezpgdd1vkcnowguhbbs",
     {"HIxgjJwrner_gpKQbEyuYEzpgdd1vkcnOwgUhbbS", "b-gvlef", "vS.jF", "tehCAsE~p%UzXfX+l24hv#xOknk!d$z", "Content-Type", "CzMzzl|qtzUl!PJkHaR*oqpkp'hdwE+btubelWl*_Frub-a~dEmaf_0kd`jp", "izj$", NULL},
     {NULL}},
    {"random c049",
     {"pjiawliDy0_", "obBn", "mccJjJrNTizhu7isiNo4rdkivRJKg48hhno7rMcbziADdyhbGs&GuOdhad0R", "bajBjrYjx_Aqm7qYXUacntpgnIU5CfnaLttDNytgSqrWfQgth", "M$kjymDdhhxh~wD~d", NULL},
     0, {"m$kjymddhhxh~wd~d", NULL},
     "mccjjjrntizhu7isino4rdkivrjkg48hhno7rmcbziaddyhbgs&guodhad0r", "mccjjjrntizhu7isino4rdkivrjkg48hhno7rmcbziaddyhbgs&guodhad0r",
     {"mccJjJrNTizhu7isiNo4rdkivRJKg48hhno7rMcbziADdyhbGs&GuOdhad0R", "M$kjymDdhhxh~wD~d", "bajBjrYjx_Aqm7qYXUacntpgnIU5CfnaLttDNytgSqrWfQgth", "obBn", "Content-Type", "pjiawliDy0_", NULL},
     {NULL}},
    {"random c050",
     {"wxmzLzapht.xAxxhRHKua0'CfrspGBbUns1zD1'vOYd7xVafJhTRbGbxxAqt", "mwyeggmu|MR_9", "e$pu69earrezokjkCW#*$kRpbSDtr#AtUIbftcFe", "jqayChNsk|iHaU0cF", NULL},
     0, {"mwyeggmu|mr_9", "e$pu69earrezokjkcw#*$krpbsdtr#atuibftcfe", NULL},
     "wxmzlzapht.xaxxhrhkua0'cfrspgbbuns1zd1'voyd7xvafjhtrbgbxxaqt", "wxmzlzapht.xaxxhrhkua0'cfrspgbbuns1zd1'voyd7xvafjhtrbgbxxaqt",
     {"wxmzLzapht.xAxxhRHKua0'CfrspGBbUns1zD1'vOYd7xVafJhTRbGbxxAqt", "e$pu69earrezokjkCW#*$kRpbSDtr#AtUIbftcFe", "jqayChNsk|iHaU0cF", "Content-Type", "mwyeggmu|MR_9", NULL},
     {NULL}},
    {"random c051",
     {"e%teVW$5szHaM9_HV#cllvSpwawxeG+CgVTbvpzp", "gp", "Content-Type", "FDH&EmugYxGgwm~mqzkbxKcl#u`.ucg", "lFAraggZdmsonedub", "jBQnqiYbbj1qIBejspQYgCr9#xQ2MPygyxtft3SiYzr`mQafj", NULL},
     1, {NULL},
     "jbqnqiybbj1qibejspqygcr9#xq2mpygyxtft3siyzr`mqafj", "jbqnqiybbj1qibejspqygcr9#xq2mpygyxtft3siyzr`mqafj",
     {"jBQnqiYbbj1qIBejspQYgCr9#xQ2MPygyxtft3SiYzr`mQafj", "gp", "FDH&EmugYxGgwm~mqzkbxKcl#u`.ucg", "e%teVW$5szHaM9_HV#cllvSpwawxeG+CgVTbvpzp", "Content-Type", "lFAraggZdmsonedub", NULL},
     {NULL}},
    {"random c052",
     {"qXLmMndRkj0faxZaDOdtq6Nv", "U", "bdaMz#jegebo'wK51I'tdPPoUZEqHsp&gxCy%hyd", "C", "Content-Type", NULL},
     1, {NULL},
     "c", "c",
     {"C", "qXLmMndRkj0faxZaDOdtq6Nv", "bdaMz#jegebo'wK51I'tdPPoUZEqHsp&gxCy%hyd", "U", "Content-Type", NULL},
     {NULL}},
    {"random c053",
     {"mqjqbVqSfhOMz&~q", "pvFg9#gkmdSVmyoEvUCq#oxaw", "ilt5%gM", "qeguCsylUwgxxAv|^Avo.hUosveHnfnep`RdzMuF", "sAlhmvc^bEw+xZxc", NULL},
     0, {"mqjqbvqsfhomz&~q", "pvfg9#gkmdsvmyoevucq#oxaw", "ilt5%gm", NULL},
     "salhmvc^bew+xzxc", "salhmvc^bew+xzxc",
     {"ilt5%gM", "mqjqbVqSfhOMz&~q", "sAlhmvc^bEw+xZxc", "Content-Type", "pvFg9#gkmdSVmyoEvUCq#oxaw", "qeguCsylUwgxxAv|^Avo.hUosveHnfnep`RdzMuF", NULL},
     {NULL}},
    {"random c054",
     {"xzSasm^q1SiAyvejgaWm*Ly*oZO#xpl#N", "Content-Type", "yf+eb9", "JMxVzUpp7txk^Y&pokEntx3cfyu~NWy", "zdAcl-by'%l", "weZQ4juuL", "acPO6&Ej5lMbvufZjJyR+pDgCparoxyDOu$U0'CP", NULL},
     1, {"xzsasm^q1siayvejgawm*ly*ozo#xpl#n", "content-type", NULL},
     "wezq4juul", "wezq4juul",
     {"weZQ4juuL", "JMxVzUpp7txk^Y&pokEntx3cfyu~NWy", "xzSasm^q1SiAyvejgaWm*Ly*oZO#xpl#N", "yf+eb9", "acPO6&Ej5lMbvufZjJyR+pDgCparoxyDOu$U0'CP", "zdAcl-by'%l", "Content-Type", NULL},
     {NULL}},
    {"random c055",
     {"Content-Type", "xvhivwb!puYdFOn.4SLlv_otnJwhFvmzAyge%`gw", "Guxz^+x!d#nm`L_Tetjhy`ktt", "n*GaOhHhInddOwnz`A~4aq-Mqy3'jpOJupe7mC5hv4T5taxgb", "IcMMDlwybG!eJxplM", NULL},
     1, {"xvhivwb!puydfon.4sllv_otnjwhfvmzayge%`gw", "guxz^+x!d#nm`l_tetjhy`ktt", "icmmdlwybg!ejxplm", NULL},
     "n*gaohhhinddownz`a~4aq-mqy3'jpojupe7mc5hv4t5taxgb", "n*gaohhhinddownz`a~4aq-mqy3'jpojupe7mc5hv4t5taxgb",
     {"xvhivwb!puYdFOn.4SLlv_otnJwhFvmzAyge%`gw", "IcMMDlwybG!eJxplM", "Guxz^+x!d#nm`L_Tetjhy`ktt", "n*GaOhHhInddOwnz`A~4aq-Mqy3'jpOJupe7mC5hv4T5taxgb", "Content-Type", NULL},
     {NULL}},
    {"random c056",
     {"x9PmcHa!p-n", "pnivq", "ddUvGRplb!RtF8wdW.FqPr&fzyvCqh1yHmBb|Qtl", "Lkf|Ru", "vozLwh", "eqrjsbv0Ebwtd6sN+qRz", NULL},
     0, {NULL},
     "dduvgrplb!rtf8wdw.fqpr&fzyvcqh1yhmbb|qtl", "dduvgrplb!rtf8wdw.fqpr&fzyvcqh1yhmbb|qtl",
     {"ddUvGRplb!RtF8wdW.FqPr&fzyvCqh1yHmBb|Qtl", "Lkf|Ru", "eqrjsbv0Ebwtd6sN+qRz", "x9PmcHa!p-n", "vozLwh", "pnivq", "Content-Type", NULL},
     {NULL}},
    {"random c057",
     {"Y|feI4aIb", "uFkz`irdexgee", "h-lhdzYTJKJYv", "c.VbO`9Zm", "zfkuRpbpbIzrtnFmF", "EeeZZqjBX", NULL},
     0, {NULL},
     "ufkz`irdexgee", "ufkz`irdexgee",
     {"uFkz`irdexgee", "zfkuRpbpbIzrtnFmF", "c.VbO`9Zm", "EeeZZqjBX", "Y|feI4aIb", "h-lhdzYTJKJYv", "Content-Type", NULL},
     {NULL}},
    {"random c058",
     {"syL_IekbcbN.^kpa", "kebSo1", "duSibh3", NULL},
     0, {"dusibh3", NULL},
     "syl_iekbcbn.^kpa", "syl_iekbcbn.^kpa",
     {"syL_IekbcbN.^kpa", "duSibh3", "kebSo1", "Content-Type", NULL},
     {NULL}},
    {"random c059",
     {"ohlfgnDCgTbhv^rfeYoylgik", "ul.i", "ecog8", "DI``lfN*", "NbI", "VdR'mZfrEaxkD%trh|vpr7Kxp", NULL},
     0, {"ul.i", "ecog8", "vdr'mzfreaxkd%trh|vpr7kxp", NULL},
     "nbi", "nbi",
     {"ecog8", "VdR'mZfrEaxkD%trh|vpr7Kxp", "ul.i", "NbI", "Content-Type", "ohlfgnDCgTbhv^rfeYoylgik", "DI``lfN*", NULL},
     {NULL}},
    {"random d000",
     {"jsefuj", "Content-Type", "D!HOj$|jB", "pkQbHrpZEni", NULL},
     1, {"content-type", "d!hoj$|jb", NULL},
     "jsefuj", "jsefuj",
     {"jsefuj", "D!HOj$|jB", "Content-Type", "pkQbHrpZEni", NULL},
     {"jsefuj", "D!HOj$|jB", "Content-Type", "pkQbHrpZEni", NULL}},
    {"random d001",
     {"vqExyxpciNmxou_lbBPvyxuq", "ws", "zL", "DdxcczdaofIRMizkvaqnt6R9NDs'az^gmJl2qHBvuYyhzjpwM`ywv4N.gg$R", NULL},
     0, {NULL},
     "ddxcczdaofirmizkvaqnt6r9nds'az^gmjl2qhbvuyyhzjpwm`ywv4n.gg$r", "ddxcczdaofirmizkvaqnt6r9nds'az^gmjl2qhbvuyyhzjpwm`ywv4n.gg$r",
     {"DdxcczdaofIRMizkvaqnt6R9NDs'az^gmJl2qHBvuYyhzjpwM`ywv4N.gg$R", "zL", "vqExyxpciNmxou_lbBPvyxuq", "ws", "Content-Type", NULL},
     {"DdxcczdaofIRMizkvaqnt6R9NDs'az^gmJl2qHBvuYyhzjpwM`ywv4N.gg$R", "zL", "vqExyxpciNmxou_lbBPvyxuq", "ws", "Content-Type", NULL}},
    {"random d002",
     {"wbk2'o+p0zitP!uUeMaVgQ`k", "Eqjfkdchb", "yg'fT", "sPmpPYL#yQapbiiyz`N+cp5xE", NULL},
     0, {NULL},
     "yg'ft", "yg'ft",
     {"yg'fT", "Eqjfkdchb", "wbk2'o+p0zitP!uUeMaVgQ`k", "sPmpPYL#yQapbiiyz`N+cp5xE", "Content-Type", NULL},
     {"yg'fT", "Eqjfkdchb", "wbk2'o+p0zitP!uUeMaVgQ`k", "sPmpPYL#yQapbiiyz`N+cp5xE", "Content-Type", NULL}},
    {"random d003",
     {"wbfyu2#Cvxn", "WukP0oxemnUgrk9zuTzMkvau", "vhmp&t8db", NULL},
     0, {"wbfyu2#cvxn", "vhmp&t8db", NULL},
     "wukp0oxemnugrk9zutzmkvau", "wukp0oxemnugrk9zutzmkvau",
     {"wbfyu2#Cvxn", "WukP0oxemnUgrk9zuTzMkvau", "vhmp&t8db", "Content-Type", NULL},
     {"wbfyu2#Cvxn", "WukP0oxemnUgrk9zuTzMkvau", "vhmp&t8db", "Content-Type", NULL}},
    {"random d004",
     {"m!Vt5kQJ5d0drkjvXqTl", "v0hQHji.Nnxt0", "cnU12Qk", "aDjm|R", NULL},
     0, {NULL},
     "v0hqhji.nnxt0", "v0hqhji.nnxt0",
     {"v0hQHji.Nnxt0", "aDjm|R", "cnU12Qk", "m!Vt5kQJ5d0drkjvXqTl", "Content-Type", NULL},
     {"v0hQHji.Nnxt0", "aDjm|R", "cnU12Qk", "m!Vt5kQJ5d0drkjvXqTl", "Content-Type", NULL}},
    {"random d005",
     {"ukytgO", "esyhm", "rNkga-dbg*hXJie8hZwojbXxY5cCcXp3gqVd~u0T", "n|eJRdGBqtnlIXlkphLIdafposns^hxcL|T`5ih2olQMJ^WsdkGtxp1cRTgk", "JkbXcalyX-oRmmdjqA$o", "IC~k*aS", NULL},
     0, {NULL},
     "ukytgo", "ukytgo",
     {"ukytgO", "esyhm", "IC~k*aS", "rNkga-dbg*hXJie8hZwojbXxY5cCcXp3gqVd~u0T", "Content-Type", "n|eJRdGBqtnlIXlkphLIdafposns^hxcL|T`5ih2olQMJ^WsdkGtxp1cRTgk", "JkbXcalyX-oRmmdjqA$o", NULL},
     {"ukytgO", "esyhm", "IC~k*aS", "rNkga-dbg*hXJie8hZwojbXxY5cCcXp3gqVd~u0T", "Content-Type", "n|eJRdGBqtnlIXlkphLIdafposns^hxcL|T`5ih2olQMJ^WsdkGtxp1cRTgk", "JkbXcalyX-oRmmdjqA$o", NULL}},
    {"random d006",
     {"azsNdkuJ41vpskba8ZcoimomoSynzo_Vvrfe0w7v", "oJvhWMiZbRa&6gvbPIsgaQUmmmfa9qZtgsvHfVlUXgviyxSc%", "t", "g", "Hp-mdK9rwMg5YTux$6IyBx8ApevmT!u2ldhbtyop", NULL},
     0, {"t", "hp-mdk9rwmg5ytux$6iybx8apevmt!u2ldhbtyop", NULL},
     "ojvhwmizbra&6gvbpisgaqummmfa9qztgsvhfvluxgviyxsc%", "ojvhwmizbra&6gvbpisgaqummmfa9qztgsvhfvluxgviyxsc%",
     {"oJvhWMiZbRa&6gvbPIsgaQUmmmfa9qZtgsvHfVlUXgviyxSc%", "azsNdkuJ41vpskba8ZcoimomoSynzo_Vvrfe0w7v", "g", "Hp-mdK9rwMg5YTux$6IyBx8ApevmT!u2ldhbtyop", "Content-Type", "t", NULL},
     {"oJvhWMiZbRa&6gvbPIsgaQUmmmfa9qZtgsvHfVlUXgviyxSc%", "azsNdkuJ41vpskba8ZcoimomoSynzo_Vvrfe0w7v", "g", "t", "Hp-mdK9rwMg5YTux$6IyBx8ApevmT!u2ldhbtyop", "Content-Type", NULL}},
    {"random d007",
     {"zroIiuClpkj3erOSc", "Toq`DjLEmft7NNtgcXt`nnozVhHmJshace7ek3b`", "FvL`qGzy", "r_mnDzuB_awqklwX4xj'sd1eq", "AjoMXEuxp~jO!uy'q_savvvqBSRhw5qa1'brmkuxXYmCIb'Dtcavq$es8xli", NULL},
     0, {NULL},
     "r_mndzub_awqklwx4xj'sd1eq", "r_mndzub_awqklwx4xj'sd1eq",
     {"r_mnDzuB_awqklwX4xj'sd1eq", "zroIiuClpkj3erOSc", "AjoMXEuxp~jO!uy'q_savvvqBSRhw5qa1'brmkuxXYmCIb'Dtcavq$es8xli", "FvL`qGzy", "Toq`DjLEmft7NNtgcXt`nnozVhHmJshace7ek3b`", "Content-Type", NULL},
     {"r_mnDzuB_awqklwX4xj'sd1eq", "zroIiuClpkj3erOSc", "AjoMXEuxp~jO!uy'q_savvvqBSRhw5qa1'brmkuxXYmCIb'Dtcavq$es8xli", "FvL`qGzy", "Toq`DjLEmft7NNtgcXt`nnozVhHmJshace7ek3b`", "Content-Type", NULL}},
    {"random d008",
     {"DAVvfd3kileyf.mnPkox", "j", "Content-Type", "p", "xtt3grSilc~*.-h~nd^cT!.w^ejYy+CuVcDvzkfx", NULL},
     1, {NULL},
     "j", "j",
     {"j", "p", "DAVvfd3kileyf.mnPkox", "xtt3grSilc~*.-h~nd^cT!.w^ejYy+CuVcDvzkfx", "Content-Type", NULL},
     {"j", "p", "DAVvfd3kileyf.mnPkox", "xtt3grSilc~*.-h~nd^cT!.w^ejYy+CuVcDvzkfx", "Content-Type", NULL}},
    {"random d009",
     {"J", "NdnFv5", NULL},
     0, {"ndnfv5", NULL},
     "j", "j",
     {"J", "NdnFv5", "Content-Type", NULL},
     {"J", "NdnFv5", "Content-Type", NULL}},
    {"random d010",
     {"D8HzmK", "y#X", "K|s_qH", "b`MNCznD", "y3Nmv~ldrJv!O", "guTodt", NULL},
     0, {"d8hzmk", "y#x", "k|s_qh", "b`mncznd", NULL},
     "y3nmv~ldrjv!o", "y3nmv~ldrjv!o",
     {"K|s_qH", "y3Nmv~ldrJv!O", "y#X", "b`MNCznD", "guTodt", "D8HzmK", "Content-Type", NULL},
     {"K|s_qH", "y3Nmv~ldrJv!O", "y#X", "b`MNCznD", "guTodt", "D8HzmK", "Content-Type", NULL}},
    {"random d011",
     {"r^lwn5vtOOfaf4zn2lYEb!3pL_pcbwr#o", "q", "cr-tljMXVwe3Er.kGiFPJjbgvN_s1b3", NULL},
     0, {NULL},
     "q", "q",
     {"q", "cr-tljMXVwe3Er.kGiFPJjbgvN_s1b3", "r^lwn5vtOOfaf4zn2lYEb!3pL_pcbwr#o", "Content-Type", NULL},
     {"q", "cr-tljMXVwe3Er.kGiFPJjbgvN_s1b3", "r^lwn5vtOOfaf4zn2lYEb!3pL_pcbwr#o", "Content-Type", NULL}},
    {"random d012",
     {"Content-Type", "Ve~kssuDastwD", "OAt~~dv#Bqavmwcn", "fcfpVuPntbXh*wpEmDXfAhP*", "oi9QAbS1WyvDt", "c_Xd!ycbrEeW6p.hjqradM+2Rfnnr^k+EoseqoH!", NULL},
     1, {NULL},
     "oat~~dv#bqavmwcn", "oat~~dv#bqavmwcn",
     {"OAt~~dv#Bqavmwcn", "Ve~kssuDastwD", "c_Xd!ycbrEeW6p.hjqradM+2Rfnnr^k+EoseqoH!", "fcfpVuPntbXh*wpEmDXfAhP*", "oi9QAbS1WyvDt", "Content-Type", NULL},
     {"OAt~~dv#Bqavmwcn", "Ve~kssuDastwD", "c_Xd!ycbrEeW6p.hjqradM+2Rfnnr^k+EoseqoH!", "fcfpVuPntbXh*wpEmDXfAhP*", "oi9QAbS1WyvDt", "Content-Type", NULL}},
    {"random d013",
     {"H0Nqn.s6ivD3TGcz3TiRP'qU-9rzU5b", "lk7GZl5dGyThnIfc", "buDq", "QFawbezUfO#g.y%qqplkkvJRjBqqyk'oVXJa$A2ZQfGVo5jtlzIUnHrXp2Oz", "iz", "vbc#uzwikh8Vn", NULL},
     0, {NULL},
     "qfawbezufo#g.y%qqplkkvjrjbqqyk'ovxja$a2zqfgvo5jtlziunhrxp2oz", "qfawbezufo#g.y%qqplkkvjrjbqqyk'ovxja$a2zqfgvo5jtlziunhrxp2oz",
     {"QFawbezUfO#g.y%qqplkkvJRjBqqyk'oVXJa$A2ZQfGVo5jtlzIUnHrXp2Oz", "vbc#uzwikh8Vn", "buDq", "H0Nqn.s6ivD3TGcz3TiRP'qU-9rzU5b", "iz", "lk7GZl5dGyThnIfc", "Content-Type", NULL},
     {"QFawbezUfO#g.y%qqplkkvJRjBqqyk'oVXJa$A2ZQfGVo5jtlzIUnHrXp2Oz", "vbc#uzwikh8Vn", "buDq", "H0Nqn.s6ivD3TGcz3TiRP'qU-9rzU5b", "iz", "lk7GZl5dGyThnIfc", "Content-Type", NULL}},
    {"random d014",
     {"NdqUj`Pgth6ZgEietN1i", "Ta0n", NULL},
     0, {NULL},
     "ndquj`pgth6zgeietn1i", "ndquj`pgth6zgeietn1i",
     {"NdqUj`Pgth6ZgEietN1i", "Ta0n", "Content-Type", NULL},
     {"NdqUj`Pgth6ZgEietN1i", "Ta0n", "Content-Type", NULL}},
    {"random d015",
     {"JBqhynYBgBQObdoeqkzQ$dukl2vYvmkYmZVJ1KcjjKpOdZ6%QEbDr%k3Up'c", "wOzhqNSex", "O^wIYkhbe", "SBguk^kf1tZRId&7mxG`SjKNeLmjNpbah-wZ0iYyukuwmHqSJ", "eOBo$ut%caD|gM~4I", "myw_5pn", NULL},
     0, {NULL},
     "o^wiykhbe", "o^wiykhbe",
     {"O^wIYkhbe", "myw_5pn", "SBguk^kf1tZRId&7mxG`SjKNeLmjNpbah-wZ0iYyukuwmHqSJ", "JBqhynYBgBQObdoeqkzQ$dukl2vYvmkYmZVJ1KcjjKpOdZ6%QEbDr%k3Up'c", "Content-Type", "wOzhqNSex", "eOBo$ut%caD|gM~4I", NULL},
     {"O^wIYkhbe", "myw_5pn", "SBguk^kf1tZRId&7mxG`SjKNeLmjNpbah-wZ0iYyukuwmHqSJ", "JBqhynYBgBQObdoeqkzQ$dukl2vYvmkYmZVJ1KcjjKpOdZ6%QEbDr%k3Up'c", "Content-Type", "eOBo$ut%caD|gM~4I", "wOzhqNSex", NULL}},
    {"random d016",
     {"Svx|!cxnbUkOQ4uw", "qcs!9fq'jPrSttc!aJk'dHsxW", "ejode&qO^_Ce$xXjSPzquAp8", "A0", "Bwc", "a-a", NULL},
     0, {NULL},
     "qcs!9fq'jprsttc!ajk'dhsxw", "qcs!9fq'jprsttc!ajk'dhsxw",
     {"qcs!9fq'jPrSttc!aJk'dHsxW", "Svx|!cxnbUkOQ4uw", "A0", "Bwc", "a-a", "ejode&qO^_Ce$xXjSPzquAp8", "Content-Type", NULL},
     {"qcs!9fq'jPrSttc!aJk'dHsxW", "Svx|!cxnbUkOQ4uw", "A0", "Bwc", "ejode&qO^_Ce$xXjSPzquAp8", "a-a", "Content-Type", NULL}},
    {"random d017",
     {"FlxWQu$Vh*uPVuRmcglyINmGisJlEdwxxFhdlSeo", "sK", "QkxiI.ojRJyp7jy+SzFK", "Ba3d", "GCq", NULL},
     0, {"flxwqu$vh*upvurmcglyinmgisjledwxxfhdlseo", "sk", "ba3d", "gcq", NULL},
     "qkxii.ojrjyp7jy+szfk", "qkxii.ojrjyp7jy+szfk",
     {"FlxWQu$Vh*uPVuRmcglyINmGisJlEdwxxFhdlSeo", "Ba3d", "sK", "Content-Type", "GCq", "QkxiI.ojRJyp7jy+SzFK", NULL},
     {"FlxWQu$Vh*uPVuRmcglyINmGisJlEdwxxFhdlSeo", "Ba3d", "sK", "Content-Type", "GCq", "QkxiI.ojRJyp7jy+SzFK", NULL}},
    {"random d018",
     {"FWcOzrr_s", "vvdv9f.4papiuss15", "Content-Type", "dp_bv.0", "hLlfcq", "c&Ylp", NULL},
     1, {"vvdv9f.4papiuss15", "content-type", "dp_bv.0", "hllfcq", "c&ylp", NULL},
     "fwcozrr_s", "fwcozrr_s",
     {"dp_bv.0", "hLlfcq", "c&Ylp", "Content-Type", "vvdv9f.4papiuss15", "FWcOzrr_s", NULL},
     {"dp_bv.0", "hLlfcq", "c&Ylp", "vvdv9f.4papiuss15", "Content-Type", "FWcOzrr_s", NULL}},
    {"random d019",
     {"e_84qzEOzBSGkbMu", "GvwFg7feaqIrdj7azdvTuePfs", "Content-Type", NULL},
     1, {NULL},
     "gvwfg7feaqirdj7azdvtuepfs", "gvwfg7feaqirdj7azdvtuepfs",
     {"GvwFg7feaqIrdj7azdvTuePfs", "Content-Type", "e_84qzEOzBSGkbMu", NULL},
     {"GvwFg7feaqIrdj7azdvTuePfs", "e_84qzEOzBSGkbMu", "Content-Type", NULL}},
    {"random d020",
     {"jkwywgj", "m", "Y*", NULL},
     0, {NULL},
     "y*", "y*",
     {"Y*", "jkwywgj", "m", "Content-Type", NULL},
     {"Y*", "jkwywgj", "m", "Content-Type", NULL}},
    {"random d021",
     {"hSqW6p4Vd", "qq5`QdeVs", "ymrwN9dJqguuochejzUp", "oeLwc", "exy+hii.Oph3MuBXEWrawvvQhiSEqpjnV2zaxJgv", "Content-Type", NULL},
     1, {"ymrwn9djqguuochejzup", "exy+hii.oph3mubxewrawvvqhiseqpjnv2zaxjgv", "content-type", NULL},
     "qq5`qdevs", "qq5`qdevs",
     {"ymrwN9dJqguuochejzUp", "qq5`QdeVs", "hSqW6p4Vd", "oeLwc", "Content-Type", "exy+hii.Oph3MuBXEWrawvvQhiSEqpjnV2zaxJgv", NULL},
     {"ymrwN9dJqguuochejzUp", "qq5`QdeVs", "hSqW6p4Vd", "oeLwc", "Content-Type", "exy+hii.Oph3MuBXEWrawvvQhiSEqpjnV2zaxJgv", NULL}},
    {"random d022",
     {"MTvqpP3AFkjD6", "p`x!ajiaZbXjltakjrbayzUXRov7nVpicmTxEohRmxmdFsxof", "DkdoeB", "Fr+bfnIW7xf", "wo6p", "N`IcAgpXBUfSjyJ+PccKpypej", NULL},
     0, {NULL},
     "fr+bfniw7xf", "fr+bfniw7xf",
     {"Fr+bfnIW7xf", "MTvqpP3AFkjD6", "N`IcAgpXBUfSjyJ+PccKpypej", "DkdoeB", "p`x!ajiaZbXjltakjrbayzUXRov7nVpicmTxEohRmxmdFsxof", "wo6p", "Content-Type", NULL},
     {"Fr+bfnIW7xf", "MTvqpP3AFkjD6", "N`IcAgpXBUfSjyJ+PccKpypej", "DkdoeB", "p`x!ajiaZbXjltakjrbayzUXRov7nVpicmTxEohRmxmdFsxof", "wo6p", "Content-Type", NULL}},
    {"random d023",
     {"lf0Srheo", "eVk3d-", "iB_Uqm*t|upSbV8#'", NULL},
     0, {NULL},
     "evk3d-", "evk3d-",
     {"eVk3d-", "iB_Uqm*t|upSbV8#'", "Content-Type", "lf0Srheo", NULL},
     {"eVk3d-", "iB_Uqm*t|upSbV8#'", "lf0Srheo", "Content-Type", NULL}},
    {"random d024",
     {"Content-Type", "CiC*nDVz5Znb*DoO6ufXivpKL", "A+oEay", "sloeR", "qBWn_4$t^*TZP2X'1n`$", "zgC|G", NULL},
     1, {"content-type", "cic*ndvz5znb*doo6ufxivpkl", "sloer", NULL},
     "a+oeay", "a+oeay",
     {"CiC*nDVz5Znb*DoO6ufXivpKL", "A+oEay", "sloeR", "zgC|G", "Content-Type", "qBWn_4$t^*TZP2X'1n`$", NULL},
     {"CiC*nDVz5Znb*DoO6ufXivpKL", "A+oEay", "sloeR", "zgC|G", "Content-Type", "qBWn_4$t^*TZP2X'1n`$", NULL}},
    {"random d025",
     {"dGSTIzZqpr2IjeybRfiF", "g8w8jhxoaoprRw6fA", "JEvnevfuT^ukOizg6clmzHjcb'in^vZ5kafl+pjd", "lpeMEdm7", NULL},
     0, {"dgstizzqpr2ijeybrfif", "jevnevfut^ukoizg6clmzhjcb'in^vz5kafl+pjd", NULL},
     "lpemedm7", "lpemedm7",
     {"lpeMEdm7", "g8w8jhxoaoprRw6fA", "dGSTIzZqpr2IjeybRfiF", "JEvnevfuT^ukOizg6clmzHjcb'in^vZ5kafl+pjd", "Content-Type", NULL},
     {"lpeMEdm7", "g8w8jhxoaoprRw6fA", "dGSTIzZqpr2IjeybRfiF", "JEvnevfuT^ukOizg6clmzHjcb'in^vZ5kafl+pjd", "Content-Type", NULL}},
    {"random d026",
     {"zilCwvdbjfaapufB.y5rgYRfmuy$O9us*5VsPocaxrzOabygCDYy'*YjnuTv", "pBtzMk0brG&CwnKyogWOtv_Cp-HyQnxs^jaDcse^cm-oqx2t+", "XZpnkpU8sgo_-ECTq", "i2pAdoarw5t", "NxmmveXkC#0st", "SmtaqNbdsX34WCxf", NULL},
     0, {"zilcwvdbjfaapufb.y5rgyrfmuy$o9us*5vspocaxrzoabygcdyy'*yjnutv", "pbtzmk0brg&cwnkyogwotv_cp-hyqnxs^jadcse^cm-oqx2t+", "i2padoarw5t", "nxmmvexkc#0st", NULL},
     "smtaqnbdsx34wcxf", "smtaqnbdsx34wcxf",
     {"SmtaqNbdsX34WCxf", "zilCwvdbjfaapufB.y5rgYRfmuy$O9us*5VsPocaxrzOabygCDYy'*YjnuTv", "XZpnkpU8sgo_-ECTq", "i2pAdoarw5t", "pBtzMk0brG&CwnKyogWOtv_Cp-HyQnxs^jaDcse^cm-oqx2t+", "Content-Type", "NxmmveXkC#0st", NULL},
     {"SmtaqNbdsX34WCxf", "zilCwvdbjfaapufB.y5rgYRfmuy$O9us*5VsPocaxrzOabygCDYy'*YjnuTv", "XZpnkpU8sgo_-ECTq", "i2pAdoarw5t", "pBtzMk0brG&CwnKyogWOtv_Cp-HyQnxs^jaDcse^cm-oqx2t+", "Content-Type", "NxmmveXkC#0st", NULL}},
    {"random d027",
     {"dixBJfxFK-H&MRsX", "gwsUcF'", "WsmBEbpQLrprNabZ-kHXoONbk'bl0K'tL*hn9I6K-ncxgmnM'", NULL},
     0, {NULL},
     "gwsucf'", "gwsucf'",
     {"gwsUcF'", "WsmBEbpQLrprNabZ-kHXoONbk'bl0K'tL*hn9I6K-ncxgmnM'", "dixBJfxFK-H&MRsX", "Content-Type", NULL},
     {"gwsUcF'", "WsmBEbpQLrprNabZ-kHXoONbk'bl0K'tL*hn9I6K-ncxgmnM'", "dixBJfxFK-H&MRsX", "Content-Type", NULL}},
    {"random d028",
     {"Nv9vlokTIpuSxhAncapEq-hFJZTFtSfEs", "fns", "Shkal", "lz*YLRDyyc7Zx7xot", "Mzmn*$dVv~l", "Zj", NULL},
     0, {"nv9vloktipusxhancapeq-hfjztftsfes", "fns", "shkal", "zj", NULL},
     "lz*ylrdyyc7zx7xot", "lz*ylrdyyc7zx7xot",
     {"Zj", "Nv9vlokTIpuSxhAncapEq-hFJZTFtSfEs", "lz*YLRDyyc7Zx7xot", "Shkal", "Mzmn*$dVv~l", "Content-Type", "fns", NULL},
     {"Zj", "Nv9vlokTIpuSxhAncapEq-hFJZTFtSfEs", "lz*YLRDyyc7Zx7xot", "Shkal", "Mzmn*$dVv~l", "Content-Type", "fns", NULL}},
    {"random d029",
     {"zgfglz", "c^XnjBA3JzI_V5pk2kfsI9Iyk", "pVrbldt", "Content-Type", NULL},
     1, {NULL},
     "c^xnjba3jzi_v5pk2kfsi9iyk", "c^xnjba3jzi_v5pk2kfsi9iyk",
     {"c^XnjBA3JzI_V5pk2kfsI9Iyk", "pVrbldt", "Content-Type", "zgfglz", NULL},
     {"c^XnjBA3JzI_V5pk2kfsI9Iyk", "pVrbldt", "Content-Type", "zgfglz", NULL}},
    {"random d030",
     {"qj4yzZox", "wzpTvAq", "zggBqBVVy$BfD6hXiRId", "Qfdki", NULL},
     0, {NULL},
     "wzptvaq", "wzptvaq",
     {"wzpTvAq", "qj4yzZox", "zggBqBVVy$BfD6hXiRId", "Content-Type", "Qfdki", NULL},
     {"wzpTvAq", "qj4yzZox", "zggBqBVVy$BfD6hXiRId", "Content-Type", "Qfdki", NULL}},
    {"random d031",
     {"Content-Type", "gQgkfd#|", "QQfcDiq~5jwA_hfqv", NULL},
     1, {"content-type", "gqgkfd#|", NULL},
     "qqfcdiq~5jwa_hfqv", "qqfcdiq~5jwa_hfqv",
     {"gQgkfd#|", "Content-Type", "QQfcDiq~5jwA_hfqv", NULL},
     {"gQgkfd#|", "Content-Type", "QQfcDiq~5jwA_hfqv", NULL}},
    {"random d032",
     {"l", "Zx", NULL},
     0, {NULL},
     "l", "l",
     {"l", "Zx", "Content-Type", NULL},
     {"l", "Zx", "Content-Type", NULL}},
    {"random d033",
     {"sPfp.gxRc$I+-bcHH`tkzD$blzAjTELnr", "hwPnV|hbvIf%&4xEpMaw6twZ", "sIja", "aUOi", "i", NULL},
     0, {NULL},
     "hwpnv|hbvif%&4xepmaw6twz", "hwpnv|hbvif%&4xepmaw6twz",
     {"hwPnV|hbvIf%&4xEpMaw6twZ", "i", "sIja", "Content-Type", "aUOi", "sPfp.gxRc$I+-bcHH`tkzD$blzAjTELnr", NULL},
     {"hwPnV|hbvIf%&4xEpMaw6twZ", "i", "sIja", "Content-Type", "aUOi", "sPfp.gxRc$I+-bcHH`tkzD$blzAjTELnr", NULL}},
    {"random d034",
     {"Content-Type", "X%SzlIlIcryKu6nicod7ozgVzhuM'r4Q2a&fNxHc", "P0xf", NULL},
     1, {NULL},
     "p0xf", "p0xf",
     {"P0xf", "Content-Type", "X%SzlIlIcryKu6nicod7ozgVzhuM'r4Q2a&fNxHc", NULL},
     {"P0xf", "Content-Type", "X%SzlIlIcryKu6nicod7ozgVzhuM'r4Q2a&fNxHc", NULL}},
    {"random d035",
     {"zKIvbifAm*nCTk6qJclcScabebKwuu$pl", "jpt+qc", "urQq~i#hjtjuxa'neezShhpG3xstoSu.ia+fkJ3c*jeiazEu^", NULL},
     0, {"zkivbifam*nctk6qjclcscabebkwuu$pl", "jpt+qc", NULL},
     "urqq~i#hjtjuxa'neezshhpg3xstosu.ia+fkj3c*jeiazeu^", "urqq~i#hjtjuxa'neezshhpg3xstosu.ia+fkj3c*jeiazeu^",
     {"jpt+qc", "urQq~i#hjtjuxa'neezShhpG3xstoSu.ia+fkJ3c*jeiazEu^", "Content-Type", "zKIvbifAm*nCTk6qJclcScabebKwuu$pl", NULL},
     {"jpt+qc", "urQq~i#hjtjuxa'neezShhpG3xstoSu.ia+fkJ3c*jeiazEu^", "Content-Type", "zKIvbifAm*nCTk6qJclcScabebKwuu$pl", NULL}},
    {"random d036",
     {"w5xlhcq8YEy|QNnuiyovvhdb", "HrptVx", "jgjwrJw%B7v~uJsVEcXeGy%ckYiltzunG", NULL},
     0, {NULL},
     "jgjwrjw%b7v~ujsvecxegy%ckyiltzung", "w5xlhcq8yey|qnnuiyovvhdb",
     {"jgjwrJw%B7v~uJsVEcXeGy%ckYiltzunG", "Content-Type", "w5xlhcq8YEy|QNnuiyovvhdb", "HrptVx", NULL},
     {"w5xlhcq8YEy|QNnuiyovvhdb", "jgjwrJw%B7v~uJsVEcXeGy%ckYiltzunG", "Content-Type", "HrptVx", NULL}},
    {"random d037",
     {"Ws2Zm", "rmDu5#U", "z&yN~no", "zce_2myMWxeVrPFaj4gHkPnubzSyllp", "nonqSz_xJ7aqNn|1k", NULL},
     0, {NULL},
     "zce_2mymwxevrpfaj4ghkpnubzsyllp", "zce_2mymwxevrpfaj4ghkpnubzsyllp",
     {"zce_2myMWxeVrPFaj4gHkPnubzSyllp", "rmDu5#U", "z&yN~no", "Ws2Zm", "nonqSz_xJ7aqNn|1k", "Content-Type", NULL},
     {"zce_2myMWxeVrPFaj4gHkPnubzSyllp", "rmDu5#U", "z&yN~no", "Ws2Zm", "nonqSz_xJ7aqNn|1k", "Content-Type", NULL}},
    {"random d038",
     {"vhazfziyEijjOvf-GOp3U50cuEphuj3tVh7goUNO2rCiEsmFp", "a^M$mVkheKEdf+#hkYXzGO8Ag", NULL},
     0, {NULL},
     "vhazfziyeijjovf-gop3u50cuephuj3tvh7gouno2rciesmfp", "vhazfziyeijjovf-gop3u50cuephuj3tvh7gouno2rciesmfp",
     {"vhazfziyEijjOvf-GOp3U50cuEphuj3tVh7goUNO2rCiEsmFp", "Content-Type", "a^M$mVkheKEdf+#hkYXzGO8Ag", NULL},
     {"vhazfziyEijjOvf-GOp3U50cuEphuj3tVh7goUNO2rCiEsmFp", "Content-Type", "a^M$mVkheKEdf+#hkYXzGO8Ag", NULL}},
    {"random d039",
     {"vGyBXRj!kGpEr5-3g", "iIVPs`x", "i9Fplj0xy", NULL},
     0, {"vgybxrj!kgper5-3g", "iivps`x", NULL},
     "i9fplj0xy", "i9fplj0xy",
     {"i9Fplj0xy", "vGyBXRj!kGpEr5-3g", "iIVPs`x", "Content-Type", NULL},
     {"i9Fplj0xy", "vGyBXRj!kGpEr5-3g", "iIVPs`x", "Content-Type", NULL}},
    {"random d040",
     {"b-AkEqzosQJOKZJA", "Xd", "hvyt", NULL},
     0, {NULL},
     "hvyt", "hvyt",
     {"hvyt", "Xd", "Content-Type", "b-AkEqzosQJOKZJA", NULL},
     {"hvyt", "Xd", "Content-Type", "b-AkEqzosQJOKZJA", NULL}},
    {"random d041",
     {"q", "kGkQPt7sh3d", "ELXM-PX", "i3", "tIosN1aebjcLUuAwc~%qY`npx", NULL},
     0, {"elxm-px", NULL},
     "q", "q",
     {"q", "kGkQPt7sh3d", "tIosN1aebjcLUuAwc~%qY`npx", "ELXM-PX", "i3", "Content-Type", NULL},
     {"q", "kGkQPt7sh3d", "tIosN1aebjcLUuAwc~%qY`npx", "ELXM-PX", "i3", "Content-Type", NULL}},
    {"random d042",
     {"isNmI6o1m'&7lrszcXBo%q`gC", "pYb0cnThru3raeeU|ued*n|cdd_6ltq", "iz", NULL},
     0, {NULL},
     "pyb0cnthru3raeeu|ued*n|cdd_6ltq", "pyb0cnthru3raeeu|ued*n|cdd_6ltq",
     {"pYb0cnThru3raeeU|ued*n|cdd_6ltq", "iz", "isNmI6o1m'&7lrszcXBo%q`gC", "Content-Type", NULL},
     {"pYb0cnThru3raeeU|ued*n|cdd_6ltq", "iz", "isNmI6o1m'&7lrszcXBo%q`gC", "Content-Type", NULL}},
    {"random d043",
     {"bZliewP0jhx'_c5gcvj&f~AAcdGVstg", "Xdu!PoRwzmQLs$!87dbPuTEt", NULL},
     0, {NULL},
     "bzliewp0jhx'_c5gcvj&f~aacdgvstg", "bzliewp0jhx'_c5gcvj&f~aacdgvstg",
     {"bZliewP0jhx'_c5gcvj&f~AAcdGVstg", "Xdu!PoRwzmQLs$!87dbPuTEt", "Content-Type", NULL},
     {"bZliewP0jhx'_c5gcvj&f~AAcdGVstg", "Xdu!PoRwzmQLs$!87dbPuTEt", "Content-Type", NULL}},
    {"random d044",
     {"hCmMlcuL5", "ocjfK3kSqiipabbl67Jkt%sxF", "Q", "Content-Type", "vRfubZgPxqj", "sHz", NULL},
     1, {NULL},
     "q", "q",
     {"Q", "hCmMlcuL5", "ocjfK3kSqiipabbl67Jkt%sxF", "sHz", "vRfubZgPxqj", "Content-Type", NULL},
     {"Q", "hCmMlcuL5", "ocjfK3kSqiipabbl67Jkt%sxF", "sHz", "vRfubZgPxqj", "Content-Type", NULL}},
    {"random d045",
     {"eztm7czSO0tyhbiKT!68", "qyi.M`wz_WMyC5uLxyXlDyGo~htL8kg", "PMXaUgbVP", "h~WCiNxrVWrwDvErs&2x", NULL},
     0, {NULL},
     "h~wcinxrvwrwdvers&2x", "h~wcinxrvwrwdvers&2x",
     {"h~WCiNxrVWrwDvErs&2x", "eztm7czSO0tyhbiKT!68", "PMXaUgbVP", "qyi.M`wz_WMyC5uLxyXlDyGo~htL8kg", "Content-Type", NULL},
     {"h~WCiNxrVWrwDvErs&2x", "eztm7czSO0tyhbiKT!68", "PMXaUgbVP", "qyi.M`wz_WMyC5uLxyXlDyGo~htL8kg", "Content-Type", NULL}},
    {"random d046",
     {"dTn#iauxBLrzlxFgkrE1IntlZ9lb|mR5c%deOarx", "swx*qp", "lQvuRekewY|hplhJDs*Uw$TadkkBpuqot", "oG7Igsr%uqsatg'nxb_wdjioegcnJoe$aojtC0$z", "ke4dhgSpwbP^DdBO", "o+aGc`wj*ecxrS1y", NULL},
     0, {"dtn#iauxblrzlxfgkre1intlz9lb|mr5c%deoarx", "swx*qp", "ke4dhgspwbp^ddbo", NULL},
     "lqvurekewy|hplhjds*uw$tadkkbpuqot", "lqvurekewy|hplhjds*uw$tadkkbpuqot",
     {"ke4dhgSpwbP^DdBO", "swx*qp", "lQvuRekewY|hplhJDs*Uw$TadkkBpuqot", "o+aGc`wj*ecxrS1y", "Content-Type", "dTn#iauxBLrzlxFgkrE1IntlZ9lb|mR5c%deOarx", "oG7Igsr%uqsatg'nxb_wdjioegcnJoe$aojtC0$z", NULL},
     {"ke4dhgSpwbP^DdBO", "swx*qp", "lQvuRekewY|hplhJDs*Uw$TadkkBpuqot", "o+aGc`wj*ecxrS1y", "Content-Type", "dTn#iauxBLrzlxFgkrE1IntlZ9lb|mR5c%deOarx", "oG7Igsr%uqsatg'nxb_wdjioegcnJoe$aojtC0$z", NULL}},
    {"random d047",
     {"G!i5wZRQaaoZcjoKwJxdyOtNRWJEezlV!", "vfBxqcK", "zP'zx3eLcyysommBwKx7nhpagWy$QZvnm", NULL},
     0, {"g!i5wzrqaaozcjokwjxdyotnrwjeezlv!", NULL},
     "vfbxqck", "vfbxqck",
     {"vfBxqcK", "zP'zx3eLcyysommBwKx7nhpagWy$QZvnm", "G!i5wZRQaaoZcjoKwJxdyOtNRWJEezlV!", "Content-Type", NULL},
     {"vfBxqcK", "zP'zx3eLcyysommBwKx7nhpagWy$QZvnm", "G!i5wZRQaaoZcjoKwJxdyOtNRWJEezlV!", "Content-Type", NULL}},
    {"random d048",
     {"llajkwrxv", "tmdehiiPz", "rXpEaw$-muF9jeiOFyjCyu&cE", "ocOMLLfliQD^|zdayfQ+x+Wkl|Z*mcc9BJnmo#tpqdpO3ohou", NULL},
     0, {"tmdehiipz", "ocomllfliqd^|zdayfq+x+wkl|z*mcc9bjnmo#tpqdpo3ohou", NULL},
     "rxpeaw$-muf9jeiofyjcyu&ce", "rxpeaw$-muf9jeiofyjcyu&ce",
     {"tmdehiiPz", "rXpEaw$-muF9jeiOFyjCyu&cE", "ocOMLLfliQD^|zdayfQ+x+Wkl|Z*mcc9BJnmo#tpqdpO3ohou", "Content-Type", "llajkwrxv", NULL},
     {"tmdehiiPz", "rXpEaw$-muF9jeiOFyjCyu&cE", "ocOMLLfliQD^|zdayfQ+x+Wkl|Z*mcc9BJnmo#tpqdpO3ohou", "Content-Type", "llajkwrxv", NULL}},
    {"random d049",
     {"LDMCMW", "e.no", "btm#yMAzWf0+vcKitbNterspk", "m*gNpfjlw3lGzXlDfIvw", "PTuuf$crjWfnfjf^qxRvYajtWGEEvpipib6E_un-", "XnmePon_keifg", NULL},
     0, {"e.no", "btm#ymazwf0+vckitbnterspk", "m*gnpfjlw3lgzxldfivw", NULL},
     "ldmcmw", "ldmcmw",
     {"e.no", "btm#yMAzWf0+vcKitbNterspk", "m*gNpfjlw3lGzXlDfIvw", "LDMCMW", "XnmePon_keifg", "Content-Type", "PTuuf$crjWfnfjf^qxRvYajtWGEEvpipib6E_un-", NULL},
     {"e.no", "btm#yMAzWf0+vcKitbNterspk", "m*gNpfjlw3lGzXlDfIvw", "LDMCMW", "XnmePon_keifg", "Content-Type", "PTuuf$crjWfnfjf^qxRvYajtWGEEvpipib6E_un-", NULL}},
    {"random d050",
     {"tk&!vcB#BjzpE", "cPc8fg+", NULL},
     0, {NULL},
     "tk&!vcb#bjzpe", "tk&!vcb#bjzpe",
     {"tk&!vcB#BjzpE", "cPc8fg+", "Content-Type", NULL},
     {"tk&!vcB#BjzpE", "cPc8fg+", "Content-Type", NULL}},
    {"random d051",
     {"nTCofgkeiJp", "YzIwbKwfZu#bfQNq3fomFwaqQykujTnoydaatxrjyeAykLebpMqslAnunh8c", "Content-Type", "NiqKeqR$'klnvpa9~LuzCjwL", "b*lvpuWk~ruywU7q_wvlx6.ekgil0jmffoiR|Nbe", NULL},
     1, {NULL},
     "ntcofgkeijp", "ntcofgkeijp",
     {"nTCofgkeiJp", "b*lvpuWk~ruywU7q_wvlx6.ekgil0jmffoiR|Nbe", "YzIwbKwfZu#bfQNq3fomFwaqQykujTnoydaatxrjyeAykLebpMqslAnunh8c", "NiqKeqR$'klnvpa9~LuzCjwL", "Content-Type", NULL},
     {"nTCofgkeiJp", "b*lvpuWk~ruywU7q_wvlx6.ekgil0jmffoiR|Nbe", "YzIwbKwfZu#bfQNq3fomFwaqQykujTnoydaatxrjyeAykLebpMqslAnunh8c", "NiqKeqR$'klnvpa9~LuzCjwL", "Content-Type", NULL}},
    {"random d052",
     {"LeIBa.", "v", NULL},
     0, {"v", NULL},
     "leiba.", "leiba.",
     {"v", "Content-Type", "LeIBa.", NULL},
     {"v", "Content-Type", "LeIBa.", NULL}},
    {"random d053",
     {"acKlssv.h", "s0d", NULL},
     0, {NULL},
     "s0d", "s0d",
     {"s0d", "acKlssv.h", "Content-Type", NULL},
     {"s0d", "acKlssv.h", "Content-Type", NULL}},
    {"random d054",
     {"jy", "xF%tvu+ba&Ra&snqRVlspIi*xJrAthemt", "Content-Type", "X&en-Qzy'fs6tnRlxxMr", "wlheTtigxgcbyrQ!du63", "w", "VO", NULL},
     1, {NULL},
     "x&en-qzy'fs6tnrlxxmr", "x&en-qzy'fs6tnrlxxmr",
     {"X&en-Qzy'fs6tnRlxxMr", "wlheTtigxgcbyrQ!du63", "jy", "xF%tvu+ba&Ra&snqRVlspIi*xJrAthemt", "Content-Type", "VO", "w", NULL},
     {"X&en-Qzy'fs6tnRlxxMr", "wlheTtigxgcbyrQ!du63", "jy", "xF%tvu+ba&Ra&snqRVlspIi*xJrAthemt", "Content-Type", "VO", "w", NULL}},
    {"random d055",
     {"Content-Type", "sbtxtskepn!jLti3I*lMaZcKuspzoho", "fdSK#mJdaycdbNhk~rTnbfV6v4fk!oz", "s'xywps", "P`Y.nn|", "DjVsusKfur~ZQ", NULL},
     1, {"content-type", "sbtxtskepn!jlti3i*lmazckuspzoho", "s'xywps", "djvsuskfur~zq", NULL},
     "fdsk#mjdaycdbnhk~rtnbfv6v4fk!oz", "fdsk#mjdaycdbnhk~rtnbfv6v4fk!oz",
     {"DjVsusKfur~ZQ", "fdSK#mJdaycdbNhk~rTnbfV6v4fk!oz", "s'xywps", "P`Y.nn|", "sbtxtskepn!jLti3I*lMaZcKuspzoho", "Content-Type", NULL},
     {"DjVsusKfur~ZQ", "fdSK#mJdaycdbNhk~rTnbfV6v4fk!oz", "s'xywps", "P`Y.nn|", "sbtxtskepn!jLti3I*lMaZcKuspzoho", "Content-Type", NULL}},
    {"random d056",
     {"mO8", "vjMsauNqliydyl-zJTQM%sav^CV%Ymm4gPjcsatF", "j_lCE+e", "Vs30M", "oprru-", "mqpp'eZF", NULL},
     0, {NULL},
     "vs30m", "vs30m",
     {"Vs30M", "vjMsauNqliydyl-zJTQM%sav^CV%Ymm4gPjcsatF", "j_lCE+e", "mO8", "mqpp'eZF", "oprru-", "Content-Type", NULL},
     {"Vs30M", "vjMsauNqliydyl-zJTQM%sav^CV%Ymm4gPjcsatF", "j_lCE+e", "mO8", "mqpp'eZF", "oprru-", "Content-Type", NULL}},
    {"random d057",
     {"blxFbMo2gqx", "Ljm4`", "E'hrfn*vhyzuh", "k", "hv#zYYwA3Au93rx&&ckkng+H", NULL},
     0, {NULL},
     "blxfbmo2gqx", "blxfbmo2gqx",
     {"blxFbMo2gqx", "k", "hv#zYYwA3Au93rx&&ckkng+H", "Ljm4`", "E'hrfn*vhyzuh", "Content-Type", NULL},
     {"blxFbMo2gqx", "k", "hv#zYYwA3Au93rx&&ckkng+H", "Ljm4`", "E'hrfn*vhyzuh", "Content-Type", NULL}},
    {"random d058",
     {"Dsy*nPOlw8dHjFeaAddsmeKF~zis|qrEDqcpSyyL", "xoDoeksO6zrwaxL+OnAsKxYfw", NULL},
     0, {"dsy*npolw8dhjfeaaddsmekf~zis|qredqcpsyyl", NULL},
     "xodoekso6zrwaxl+onaskxyfw", "xodoekso6zrwaxl+onaskxyfw",
     {"xoDoeksO6zrwaxL+OnAsKxYfw", "Content-Type", "Dsy*nPOlw8dHjFeaAddsmeKF~zis|qrEDqcpSyyL", NULL},
     {"xoDoeksO6zrwaxL+OnAsKxYfw", "Dsy*nPOlw8dHjFeaAddsmeKF~zis|qrEDqcpSyyL", "Content-Type", NULL}},
    {"random d059",
     {"kbPqD$KBNsgGC|9yaqljFfgkajym-t5qHvSSv!QkTwlSlvKdhCDVR*yrzisc", "p.zs`HxLepO$4jyr3yS9fjet", NULL},
     0, {NULL},
     "kbpqd$kbnsggc|9yaqljffgkajym-t5qhvssv!qktwlslvkdhcdvr*yrzisc", "kbpqd$kbnsggc|9yaqljffgkajym-t5qhvssv!qktwlslvkdhcdvr*yrzisc",
     {"kbPqD$KBNsgGC|9yaqljFfgkajym-t5qHvSSv!QkTwlSlvKdhCDVR*yrzisc", "Content-Type", "p.zs`HxLepO$4jyr3yS9fjet", NULL},
     {"kbPqD$KBNsgGC|9yaqljFfgkajym-t5qHvSSv!QkTwlSlvKdhCDVR*yrzisc", "p.zs`HxLepO$4jyr3yS9fjet", "Content-Type", NULL}},
};

static struct corsim_str S(const char *s) {
  struct corsim_str r = {s, strlen(s)};
  return r;
}

/* The names as the simulator gets them: the script's, then the implicit
 * Content-Type (text/plain;charset=UTF-8 from the string body) unless the
 * script set one. */
static size_t request_names(const struct observed *c, struct corsim_str *out) {
  size_t n = 0;
  int has_ct = 0;
  for (; c->set[n]; n++) {
    out[n] = S(c->set[n]);
    if (corsim__str_ieq_c(out[n], "content-type"))
      has_ct = 1;
  }
  if (!has_ct)
    out[n++] = S("Content-Type");
  return n;
}

static int is_allowed(const struct observed *c, struct corsim_str name) {
  for (size_t i = 0; c->allowed[i]; i++)
    if (corsim__str_ieq_c(name, c->allowed[i]))
      return 1;
  return 0;
}

/* What preflight.c is to do with the order: the first CORS-unsafe name
 * (Content-Type only when its value is not safelisted) not allowed. */
static const char *first_missing(const struct observed *c,
                                 const struct corsim_str *names,
                                 const size_t *order, size_t n) {
  for (size_t k = 0; k < n; k++) {
    struct corsim_str nm = names[order[k]];
    if (corsim__str_ieq_c(nm, "content-type") && !c->ct_non_safelisted)
      continue;
    if (!is_allowed(c, nm))
      return nm.ptr;
  }
  return NULL;
}

static void assert_permutation(const size_t *order, size_t n) {
  int seen[MAXN] = {0};
  for (size_t k = 0; k < n; k++) {
    assert_true(order[k] < n);
    assert_false(seen[order[k]]);
    seen[order[k]] = 1;
  }
}

static void check_named(const struct observed *c, enum corsim_chromium_api api,
                        const char *expected) {
  struct corsim_str names[MAXN];
  size_t order[MAXN];
  size_t n = request_names(c, names);
  if (api == CORSIM_CHROMIUM_API_FETCH)
    corsim__chromium_header_order(names, n, order);
  else
    corsim__chromium_header_order_ex(names, n, order, api, true);
  assert_permutation(order, n);
  const char *got = first_missing(c, names, order, n);
  if (!got || !corsim__str_ieq_c(S(got), expected))
    fail_msg("%s (%s): Chromium named %s, predicted %s", c->source,
             api == CORSIM_CHROMIUM_API_FETCH ? "fetch" : "xhr", expected,
             got ? got : "(none)");
}

static void check_map_order(const struct observed *c,
                            enum corsim_chromium_api api,
                            const char *const *expected) {
  struct corsim_str names[MAXN];
  size_t order[MAXN];
  size_t n = request_names(c, names);
  if (!expected[0])
    return;
  corsim__chromium_header_order_ex(names, n, order, api, true);
  for (size_t k = 0; k < n; k++) {
    if (!expected[k] || !corsim__str_ieq_c(names[order[k]], expected[k]))
      fail_msg("%s (%s): position %zu is %s in Chromium, predicted %.*s",
               c->source, api == CORSIM_CHROMIUM_API_FETCH ? "fetch" : "xhr",
               k, expected[k] ? expected[k] : "(end)",
               (int)names[order[k]].len, names[order[k]].ptr);
  }
  assert_null(expected[n]);
}

static void test_observed_named_fetch(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    check_named(&cases[i], CORSIM_CHROMIUM_API_FETCH, cases[i].named);
}

static void test_observed_named_xhr(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    if (cases[i].named_xhr)
      check_named(&cases[i], CORSIM_CHROMIUM_API_XHR, cases[i].named_xhr);
}

static void test_observed_map_order(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    check_map_order(&cases[i], CORSIM_CHROMIUM_API_FETCH, cases[i].map_order);
    check_map_order(&cases[i], CORSIM_CHROMIUM_API_XHR,
                    cases[i].map_order_xhr);
  }
}

/* Upstream rapidhash v1 vectors (prefixes of "abcdefgh" x 128, as in the
 * Zig standard library's RapidHash test) and Chromium's
 * string_hasher_test.cc constants (kEmptyStringHash,
 * kSingleNullCharacterHash, kTestAHash, kTestBHash). */
static void test_rapidhash_vectors(void **state) {
  (void)state;
  static const size_t sizes[] = {0,  1,  2,   3,   4,   8,   16,
                                 32, 64, 128, 256, 512, 1024};
  static const uint64_t want[] = {
      UINT64_C(0x5a6ef77074ebc84b), UINT64_C(0xc11328477bc0f5d1),
      UINT64_C(0x5644ac035e40d569), UINT64_C(0x0347080fbf5fcd81),
      UINT64_C(0x056b66b8dc802bcc), UINT64_C(0xb6bf9055973aac7c),
      UINT64_C(0xed56d62eead1e402), UINT64_C(0xc19072d767da8ffb),
      UINT64_C(0x89bb40a9928a4f0d), UINT64_C(0xe0af7c5e7b6e29fd),
      UINT64_C(0x9a3ed35fbedfa11a), UINT64_C(0x4c684b2119ca19fb),
      UINT64_C(0x4b575f5bf25600d6)};
  char buf[1024];
  for (size_t i = 0; i < sizeof buf; i++)
    buf[i] = "abcdefgh"[i % 8];
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
    assert_int_equal(corsim__rapidhash(buf, sizes[i]), want[i]);

  static const unsigned char nul[1] = {0};
  static const unsigned char a[5] = {0x41, 0x95, 0xFF, 0x50, 0x01};
  /* {0x41, 0x95, 0xFFFF, 0x1080, 0x01} as UTF-16LE bytes */
  static const unsigned char b[10] = {0x41, 0, 0x95, 0, 0xFF,
                                      0xFF, 0x80, 0x10, 0x01, 0};
  assert_int_equal(corsim__rapidhash(NULL, 0), UINT64_C(0x5A6EF77074EBC84B));
  assert_int_equal(corsim__rapidhash(nul, 1), UINT64_C(0x48DFCE108249B3F8));
  assert_int_equal(corsim__rapidhash(a, 5), UINT64_C(0xE9422771E0A5DDE6));
  assert_int_equal(corsim__rapidhash(b, 10), UINT64_C(0x4A2DA770EEA75C1E));
}

/* The case-folding name hash is rapidhash of the lowercased name widened
 * to UTF-16LE, low 24 bits (string_hasher.h MaskTop8Bits), whatever the
 * input case; lengths cover every branch of the hash (1 char = 2 bytes
 * takes ReadSmall, up to 8 chars the short path, 9-24 and > 24 the long
 * one). */
static void test_name_hash(void **state) {
  (void)state;
  static const char *const names[] = {
      "a", "ab", "x-mid", "x-alpha", "content-type", "sec-ch-ua-platform",
      "a-rather-long-header-name-of-40-chars-xx"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char lower[64], wide[128], upper[64];
    size_t len = strlen(names[i]);
    for (size_t j = 0; j < len; j++) {
      lower[j] = names[i][j];
      upper[j] = (char)(lower[j] >= 'a' && lower[j] <= 'z' ? lower[j] - 32
                                                             : lower[j]);
      wide[2 * j] = lower[j];
      wide[2 * j + 1] = 0;
    }
    uint32_t h = corsim__chromium_name_hash((struct corsim_str){lower, len});
    assert_int_equal(h,
                     corsim__chromium_name_hash((struct corsim_str){upper, len}));
    assert_true(h != 0 && h <= 0xFFFFFFu);
    if (len > 1) /* one char: CaseFoldingHashReader::ReadSmall differs */
      assert_int_equal(h, corsim__rapidhash(wide, 2 * len) & 0xFFFFFFu);
  }
  /* Slots observed in Chromium (table of 16, actual request's order
   * sec-ch-ua-platform, User-Agent, sec-ch-ua, X-Token, Content-Type,
   * sec-ch-ua-mobile): 3, 8, 9, 10, 11, 13. */
  assert_int_equal(corsim__chromium_name_hash(S("sec-ch-ua-platform")) & 15, 3);
  assert_int_equal(corsim__chromium_name_hash(S("User-Agent")) & 15, 8);
  assert_int_equal(corsim__chromium_name_hash(S("sec-ch-ua")) & 15, 9);
  assert_int_equal(corsim__chromium_name_hash(S("X-Token")) & 15, 10);
  assert_int_equal(corsim__chromium_name_hash(S("Content-Type")) & 15, 11);
  assert_int_equal(corsim__chromium_name_hash(S("sec-ch-ua-mobile")) & 15, 13);
}

static void test_edges(void **state) {
  (void)state;
  size_t order[CORSIM_CHROMIUM_ORDER_MAX + 1];
  struct corsim_str names[CORSIM_CHROMIUM_ORDER_MAX + 1];

  corsim__chromium_header_order(NULL, 0, NULL);
  names[0] = S("X-Only");
  corsim__chromium_header_order(names, 1, order);
  assert_int_equal(order[0], 0);

  /* Names equal ignoring case are one map entry: adjacent, input order.
   * x-zeta sorts before x-alpha in Chromium (observed above). */
  names[0] = S("x-alpha");
  names[1] = S("X-Zeta");
  names[2] = S("X-ALPHA");
  names[3] = S("x-zeta");
  corsim__chromium_header_order(names, 4, order);
  assert_int_equal(order[0], 1);
  assert_int_equal(order[1], 3);
  assert_int_equal(order[2], 0);
  assert_int_equal(order[3], 2);

  /* Above the cap the identity comes back. */
  for (size_t i = 0; i <= CORSIM_CHROMIUM_ORDER_MAX; i++)
    names[i] = S("x");
  corsim__chromium_header_order(names, CORSIM_CHROMIUM_ORDER_MAX + 1, order);
  for (size_t i = 0; i <= CORSIM_CHROMIUM_ORDER_MAX; i++)
    assert_int_equal(order[i], i);

  /* At the cap (64 distinct names, 68 keys, table of 256) it is still a
   * permutation, with and without client hints, for both APIs. */
  static char buf[CORSIM_CHROMIUM_ORDER_MAX][8];
  for (size_t i = 0; i < CORSIM_CHROMIUM_ORDER_MAX; i++) {
    buf[i][0] = 'h';
    buf[i][1] = (char)('a' + i / 26);
    buf[i][2] = (char)('a' + i % 26);
    buf[i][3] = 0;
    names[i] = S(buf[i]);
  }
  for (int api = 0; api < 2; api++) {
    for (int hints = 0; hints < 2; hints++) {
      int seen[CORSIM_CHROMIUM_ORDER_MAX] = {0};
      corsim__chromium_header_order_ex(names, CORSIM_CHROMIUM_ORDER_MAX, order,
                                       (enum corsim_chromium_api)api,
                                       hints != 0);
      for (size_t k = 0; k < CORSIM_CHROMIUM_ORDER_MAX; k++) {
        assert_true(order[k] < CORSIM_CHROMIUM_ORDER_MAX);
        assert_false(seen[order[k]]);
        seen[order[k]] = 1;
      }
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rapidhash_vectors),
      cmocka_unit_test(test_name_hash),
      cmocka_unit_test(test_observed_named_fetch),
      cmocka_unit_test(test_observed_named_xhr),
      cmocka_unit_test(test_observed_map_order),
      cmocka_unit_test(test_edges),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
