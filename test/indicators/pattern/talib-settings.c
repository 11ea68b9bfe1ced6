/*
 * The candle-settings oracle of the pattern tests: TA-Lib C itself (the static library of the npm `talib` package),
 * called with TA_SetCandleSettings, which the `talib` binding does not expose. Reads requests from stdin until EOF:
 *
 *   <FUNCTION> <penetration or nan> <n> <k>
 *   k lines: <setting index> <range type index> <avgPeriod> <factor>
 *   4n numbers: the open, high, low and close series
 *
 * and prints one line per request: <retCode> <begIdx> <nbElement> <outInteger values...>. Defaults are restored
 * before each request.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "ta_libc.h"

static int read_series(double *x, int n) {
  for (int i = 0; i < n; i++)
    if (scanf("%lf", &x[i]) != 1) return 0;
  return 1;
}

int main(void) {
  char name[64];
  if (TA_Initialize() != TA_SUCCESS) return 2;
  while (scanf("%63s", name) == 1) {
    double penetration;
    int n, k;
    if (scanf("%lf %d %d", &penetration, &n, &k) != 3 || n < 1) return 3;
    TA_RestoreCandleDefaultSettings(TA_AllCandleSettings);
    for (int j = 0; j < k; j++) {
      int setting, range, period;
      double factor;
      if (scanf("%d %d %d %lf", &setting, &range, &period, &factor) != 4) return 4;
      if (TA_SetCandleSettings((TA_CandleSettingType)setting, (TA_RangeType)range, period, factor) != TA_SUCCESS) return 5;
    }
    double *s = malloc(sizeof(double) * 4 * (size_t)n);
    TA_Integer *out = malloc(sizeof(TA_Integer) * (size_t)n);
    if (s == NULL || out == NULL || !read_series(s, 4 * n)) return 6;
    const TA_FuncHandle *handle;
    TA_ParamHolder *params;
    if (TA_GetFuncHandle(name, &handle) != TA_SUCCESS || TA_ParamHolderAlloc(handle, &params) != TA_SUCCESS) return 7;
    TA_SetInputParamPricePtr(params, 0, s, s + n, s + 2 * n, s + 3 * n, NULL, NULL);
    if (!isnan(penetration)) TA_SetOptInputParamReal(params, 0, penetration);
    TA_SetOutputParamIntegerPtr(params, 0, out);
    TA_Integer beg = 0, nb = 0;
    TA_RetCode rc = TA_CallFunc(params, 0, n - 1, &beg, &nb);
    printf("%d %d %d", (int)rc, (int)beg, (int)nb);
    for (int i = 0; i < nb; i++) printf(" %d", (int)out[i]);
    printf("\n");
    TA_ParamHolderFree(params);
    free(s);
    free(out);
  }
  TA_Shutdown();
  return 0;
}
