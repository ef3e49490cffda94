# bin/slidr as an image: the job manager's init container exports the registry's stable model
# with it (deploy/kubernetes/slidr-job*.yaml), and the retrain CronJob runs `train` with it.
#
#   mvn -B -DskipTests package -pl cli -am
#   docker build -f deploy/docker/cli.Dockerfile -t <registry>/slidr-cli:0.1.0 .
FROM eclipse-temurin:17-jre
COPY cli/target/slidr.jar /opt/slidr/slidr.jar
USER 9999
ENTRYPOINT ["java", "-Xmx2g", "-jar", "/opt/slidr/slidr.jar"]
