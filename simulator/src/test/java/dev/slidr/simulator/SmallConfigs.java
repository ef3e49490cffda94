package dev.slidr.simulator;

/** Small populations for fast tests (every kind still present). */
final class SmallConfigs {

    private SmallConfigs() {}

    static SimulatorConfig tiny() {
        return SimulatorConfig.builder()
                .set(SimulatorOptions.HUMAN_USERS, 3_000)
                .set(SimulatorOptions.GATEWAY_COUNT, 4)
                .set(SimulatorOptions.CRAWLER_CLICKS_PER_MINUTE, 1.0)
                .set(SimulatorOptions.BOTNET_HOSTS, 200)
                .set(SimulatorOptions.FARM_COUNT, 1)
                .set(SimulatorOptions.FARM_ACCOUNTS, 20)
                .set(SimulatorOptions.STOLEN_ACCOUNTS, 30)
                .set(SimulatorOptions.LOW_AND_SLOW_BOTS, 100)
                .build();
    }
}
