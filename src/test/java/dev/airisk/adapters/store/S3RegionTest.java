package dev.airisk.adapters.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.StoreSettings;
import dev.airisk.core.port.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;

/** The region a store is reached in is the one given, or an error naming what is wrong with it; never a silent default. */
class S3RegionTest {
    /** Nothing listens here: a store that got as far as connecting would fail with "unreachable". */
    private static final String NOWHERE = "http://127.0.0.1:9";

    private static S3Connection region(String region, String profile) {
        return new S3Connection("AKIDEXAMPLE", "secret", null, profile, region, null);
    }

    @Test
    void awsRegionThatIsNoRegionName_isRefusedBeforeConnecting() {
        try (S3StoreProvider provider = new S3StoreProvider(region("eu central 1", null), Progress.NONE, Clock.systemUTC())) {
            InvalidInput e = assertThrows(InvalidInput.class, () -> provider.open("s3://bucket/models",
                    new StoreSettings(NOWHERE, true, null).toMap(), false));
            assertEquals("AWS_REGION 'eu central 1' is not a region name (give one such as us-east-1)", e.oneLine());
        }
    }

    @Test
    void unknownAwsRegion_withoutAnEndpoint_isRefused() {
        InvalidInput e = assertThrows(InvalidInput.class,
                () -> S3StoreProvider.region(region("eu-centrall-1", null), null, ProfileFile::defaultProfileFile));
        assertEquals("AWS_REGION 'eu-centrall-1' is not an AWS region (give one such as eu-central-1, or, for an S3-compatible "
                + "server, its endpoint in AWS_ENDPOINT_URL_S3 or s3_endpoint)", e.oneLine());
    }

    @Test
    void serversOwnRegionName_withAnEndpoint_isUsed() {
        assertEquals(Region.of("garage"), S3StoreProvider.region(region("garage", null), NOWHERE, ProfileFile::defaultProfileFile));
    }

    @Test
    void profileRegion_isUsed_andNoRegionAtAll_isUsEast1(@TempDir Path tmp) throws Exception {
        Path config = Files.writeString(tmp.resolve("config"), "[profile ml]\nregion = eu-west-2\n");
        ProfileFile file = ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build();
        assertEquals(Region.EU_WEST_2, S3StoreProvider.region(region(null, "ml"), null, () -> file));
        assertEquals(Region.US_EAST_1, S3StoreProvider.region(region(null, "other"), null, () -> file));
    }

    @Test
    void malformedConfigFile_isAnErrorNamingIt_notTheDefaultRegion(@TempDir Path tmp) throws Exception {
        Path config = Files.writeString(tmp.resolve("config"), "region = eu-west-2\n");

        InvalidInput e = assertThrows(InvalidInput.class, () -> S3StoreProvider.region(region(null, "ml"), null,
                () -> ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build()));

        assertEquals("the AWS config file cannot be read: Expected a profile definition on line 1 "
                + "(correct the file at AWS_CONFIG_FILE or ~/.aws/config, or set AWS_REGION)", e.oneLine());
    }
}
