package dev.galactic.core.pce;

/** Latency estimates from coordinates, for links that no probe has measured yet. */
public final class Geo {

    /** Light in fibre covers about 200 km per millisecond (2/3 c): 5 microseconds per km. */
    public static final double MS_PER_KM = 0.005;
    private static final double EARTH_RADIUS_KM = 6371.0088;

    private Geo() {}

    public static double greatCircleKm(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1), p2 = Math.toRadians(lat2);
        double dp = p2 - p1, dl = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    public static double fibreLatencyMs(double lat1, double lon1, double lat2, double lon2) {
        return greatCircleKm(lat1, lon1, lat2, lon2) * MS_PER_KM;
    }
}
