// The plain shapes of a table that details, settings and the tree share: DescribeTable's answer (structurally, so SDK
// objects pass straight in) and what is read beside it.
export interface TableDescriptionLike {
  TableName?: string;
  TableArn?: string;
  TableStatus?: string;
  CreationDateTime?: Date;
  KeySchema?: { AttributeName?: string; KeyType?: string }[];
  AttributeDefinitions?: { AttributeName?: string; AttributeType?: string }[];
  BillingModeSummary?: { BillingMode?: string };
  ProvisionedThroughput?: { ReadCapacityUnits?: number; WriteCapacityUnits?: number };
  TableClassSummary?: { TableClass?: string };
  DeletionProtectionEnabled?: boolean;
  ItemCount?: number;
  TableSizeBytes?: number;
  GlobalSecondaryIndexes?: { IndexName?: string; KeySchema?: { AttributeName?: string; KeyType?: string }[] }[];
  LocalSecondaryIndexes?: { IndexName?: string; KeySchema?: { AttributeName?: string; KeyType?: string }[] }[];
  Replicas?: { RegionName?: string; ReplicaStatus?: string }[];
  StreamSpecification?: { StreamEnabled?: boolean; StreamViewType?: string };
  LatestStreamArn?: string;
  LatestStreamLabel?: string;
}

export interface TableExtras {
  /** e.g. "ENABLED" with attribute "expiresAt"; undefined when unknown. */
  ttlStatus?: string;
  ttlAttribute?: string;
  /** DescribeTimeToLive failed (throttled, access denied…): why. The TTL is then unknown, never "disabled". */
  ttlError?: string;
  /** Point-in-time recovery status, e.g. "ENABLED"; undefined when unknown. */
  pitrStatus?: string;
}
